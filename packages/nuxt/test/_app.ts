// Serves the Nuxt app test/setup.ts built (Nitro's node-listener preset) on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Zk3Qw8Rt5Yp2Ln7Hc4Vb9Xm1Gs6Df0Ja-nuxt-test";
/** Nuxt's own `appSecret`: its built-in sessions derive their password from it. */
export const APP_SECRET = "p4Vd8Kq2Xw7Nz1Lr6Ty3Hs9Bm5Gc0Fj-app-secret";
export const server = fileURLToPath(new URL("./app/.output/server/index.mjs", import.meta.url));

/** Serves the app; `handler` answers its /c/* route (the conformance suite's routes). */
export function serveNuxt(handler?: ConformanceHandler): Promise<TestServer> {
  // NUXT_SESSION_PASSWORD becomes runtimeConfig.session.password; NUXT_APP_SECRET runtimeConfig.appSecret.
  return serveBuild(server, {
    env: { NUXT_SESSION_PASSWORD: PASSWORD, NUXT_APP_SECRET: APP_SECRET },
    handler,
  });
}
