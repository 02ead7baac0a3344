import { describeSessionConformance } from "@sealed-session/testing";
import { serveStart } from "./_app";

// TanStack Start 1.131 (React, its server on h3 1.x) built by `vite build`; the suite's routes under /c/ are a
// server route calling useSession(config) and the other functions with no event.
describeSessionConformance(
  "TanStack Start 1.131 (vite build, node-listener on 127.0.0.1)",
  async (handler) => {
    const server = await serveStart(handler);
    return { fetch: (path, init) => server.fetch(`/c${path}`, init), close: () => server.close() };
  },
  { defaultName: "h3" },
);
