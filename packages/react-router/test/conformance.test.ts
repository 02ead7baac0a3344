import { createRequire } from "node:module";
import { describeSessionConformance } from "@sealed-session/testing";
import { serveApp } from "./_app";

const { version } = createRequire(import.meta.url)("react-router/package.json") as {
  version: string;
};

// React Router built by `react-router build`; the suite's routes under /c/ are
// a resource route calling useSession(args, config) and the other functions on
// its loader's and action's arguments, their cookies carried by the root's session() middleware.
describeSessionConformance(
  `React Router ${version} (react-router build, its request handler on 127.0.0.1)`,
  async (handler) => {
    const server = await serveApp(handler);
    return { fetch: (path, init) => server.fetch(`/c${path}`, init), close: () => server.close() };
  },
  { bound: true },
);
