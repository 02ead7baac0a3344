// Serves the Astro app test/setup.ts built (its @astrojs/node handler) on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "astro-test-password-0123456789-abcdefghijk";
const server = fileURLToPath(new URL("./app/dist/server/entry.mjs", import.meta.url));

/** Serves the app, with `handler` answering its catch-all endpoint (the conformance suite's routes). */
export function serveAstro(handler?: ConformanceHandler): Promise<TestServer> {
  // Read by the app's middleware when its module is first evaluated.
  return serveBuild(server, { env: { ASTRO_SESSION_PASSWORD: PASSWORD }, handler, exportName: "handler" });
}
