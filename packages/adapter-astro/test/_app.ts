// Serves the Astro app test/setup.ts built (its @astrojs/node handler) on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Hb5Nc8Xq1Wz6Kr3Tv9Pm2Ld7Sj4Gf0Ya-astro-test";
const entry = (app: string) => fileURLToPath(new URL(`./${app}/dist/server/entry.mjs`, import.meta.url));

/** Serves the app, with `handler` answering its catch-all endpoint (the conformance suite's routes). */
export function serveAstro(handler?: ConformanceHandler): Promise<TestServer> {
  // Read by the app's middleware when its module is first evaluated.
  return serveBuild(entry("app"), { env: { ASTRO_SESSION_PASSWORD: PASSWORD }, handler, exportName: "handler" });
}

/** Serves the app without a 500 page (test/app-bare). */
export function serveBareAstro(): Promise<TestServer> {
  return serveBuild(entry("app-bare"), { env: { ASTRO_SESSION_PASSWORD: PASSWORD }, exportName: "handler" });
}
