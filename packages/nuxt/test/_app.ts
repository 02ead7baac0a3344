// Serves the Nuxt app test/setup.ts built (Nitro's node-listener preset) on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Zk3Qw8Rt5Yp2Ln7Hc4Vb9Xm1Gs6Df0Ja-nuxt-test";
export const server = fileURLToPath(new URL("./app/.output/server/index.mjs", import.meta.url));

/** Serves the app; `handler` answers its /c/* route (the conformance suite's routes). */
export function serveNuxt(handler?: ConformanceHandler): Promise<TestServer> {
  // NUXT_SESSION_PASSWORD becomes runtimeConfig.session.password.
  return serveBuild(server, { env: { NUXT_SESSION_PASSWORD: PASSWORD }, handler });
}
