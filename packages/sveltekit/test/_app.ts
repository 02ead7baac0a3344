// Serves the SvelteKit app test/setup.ts built, through adapter-node's
// request handler (what `node build` runs), on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Vb5Nq8Lz3Wc6Xk1Rd9Tm4Hp7Gf2Sj0Ya-sk-test";
/** The 32-character secret svelte-kit-cookie-session encrypted with before the switch. */
export const OLD_SECRET = "Qm3Xv7Lc1Rt9Wd4Kz8Hb2Np6Fy0Gs5Ja";
const entry = fileURLToPath(new URL("./app/build/handler.js", import.meta.url));

/**
 * Serves the app; `handler` answers its /c/* endpoint (the conformance
 * suite's routes). Without `origin`, adapter-node takes requests to have come
 * over https (no ORIGIN set); with it, on `port`, as a browser sees the app.
 */
export function serveKit(
  handler?: ConformanceHandler,
  { port = 0, origin }: { port?: number; origin?: string } = {},
): Promise<TestServer> {
  return serveBuild(entry, {
    env: {
      SK_SESSION_PASSWORD: PASSWORD,
      SK_OLD_SECRET: OLD_SECRET,
      ...(origin === undefined ? {} : { ORIGIN: origin }),
    },
    handler,
    exportName: "handler",
    port,
  });
}
