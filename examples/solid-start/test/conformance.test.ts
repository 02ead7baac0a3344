import { readFileSync } from "node:fs";
import { describeSessionConformance } from "@sealed-session/testing";
import { serveSolid } from "./_app";

// @solidjs/start exports no ./package.json: read it from the app's node_modules.
const manifest = new URL("../node_modules/@solidjs/start/package.json", import.meta.url);
const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };

// SolidStart 2 (h3 v2 inside Nitro 3) built by `vite build`; the suite's routes under /c/
// are an API route calling @sealed-session/h3 with the route's h3 event (nativeEvent).
describeSessionConformance(
  `SolidStart ${version} (vite build, Nitro 3 node-middleware on 127.0.0.1)`,
  async (handler) => {
    const server = await serveSolid(handler);
    return { fetch: (path, init) => server.fetch(`/c${path}`, init), close: () => server.close() };
  },
  { defaultName: "h3" },
);
