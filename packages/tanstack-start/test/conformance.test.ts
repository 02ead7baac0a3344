import { createRequire } from "node:module";
import { describeSessionConformance } from "@sealed-session/testing";
import { serveStart } from "./_app";

const { version } = createRequire(import.meta.url)("@tanstack/react-start/package.json") as {
  version: string;
};

// TanStack Start (React) built by `vite build`, on its own request and response
// helpers (no h3 event); the suite's routes under /c/ are a server route calling
// useSession(config) and the other functions with no event.
describeSessionConformance(
  `TanStack Start ${version} (vite build, its fetch handler on 127.0.0.1)`,
  async (handler) => {
    const server = await serveStart(handler);
    return { fetch: (path, init) => server.fetch(`/c${path}`, init), close: () => server.close() };
  },
  { defaultName: "h3" },
);
