// Serves the Astro app test/setup.ts built (its @astrojs/node handler) on 127.0.0.1, in process.
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Hb5Nc8Xq1Wz6Kr3Tv9Pm2Ld7Sj4Gf0Ya-astro-test";
// Where the apps were built: here, with this package's Astro, or where a compat
// run built copies with another major (compat/astro-5 sets the variable).
const builds =
  process.env.SEALED_SESSION_ASTRO_BUILDS ?? fileURLToPath(new URL("./", import.meta.url));
const entry = (app: string) => join(builds, app, "dist", "server", "entry.mjs");
/** The Astro the apps were built with, as "Astro 7.4.8". */
export const ASTRO = `Astro ${createRequire(join(builds, "app", "package.json"))("astro/package.json").version}`;

/** Serves the app, with `handler` answering its catch-all endpoint (the conformance suite's routes). */
export function serveAstro(handler?: ConformanceHandler): Promise<TestServer> {
  // Read by the app's middleware when its module is first evaluated.
  return serveBuild(entry("app"), {
    env: { ASTRO_SESSION_PASSWORD: PASSWORD },
    handler,
    exportName: "handler",
  });
}

/** Serves the app without a 500 page (test/app-bare). */
export function serveBareAstro(): Promise<TestServer> {
  return serveBuild(entry("app-bare"), {
    env: { ASTRO_SESSION_PASSWORD: PASSWORD },
    exportName: "handler",
  });
}
