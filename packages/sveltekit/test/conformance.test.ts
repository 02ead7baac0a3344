import { createRequire } from "node:module";
import { describeSessionConformance } from "@sealed-session/testing";
import { serveKit } from "./_app";

const { version } = createRequire(import.meta.url)("@sveltejs/kit/package.json") as {
  version: string;
};

// SvelteKit built by `vite build` with adapter-node; the suite's routes under
// /c/ are a +server.ts endpoint calling useSession(event, config) and the
// other functions on its RequestEvent, writing through event.cookies.
describeSessionConformance(
  `SvelteKit ${version} (vite build, adapter-node's handler on 127.0.0.1)`,
  async (handler) => {
    const server = await serveKit(handler);
    return { fetch: (path, init) => server.fetch(`/c${path}`, init), close: () => server.close() };
  },
  { bound: true },
);
