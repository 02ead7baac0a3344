import { describeSessionConformance } from "@sealed-session/testing";
import { serveNuxt } from "./_app";

// Nuxt 4 (nitropack 2, h3 v1) built by `nuxt build`; the suite's routes under /c/ call the
// session functions the module auto-imports in server routes.
describeSessionConformance(
  "Nuxt 4 (nuxt build, node-listener on 127.0.0.1)",
  async (handler) => {
    const server = await serveNuxt(handler);
    return { fetch: (path, init) => server.fetch(`/c${path}`, init), close: () => server.close() };
  },
  { defaultName: "h3" },
);
