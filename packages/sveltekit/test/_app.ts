// Serves the SvelteKit app test/setup.ts built, through adapter-node's
// request handler (what `node build` runs), on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Vb5Nq8Lz3Wc6Xk1Rd9Tm4Hp7Gf2Sj0Ya-sk-test";
/** The 32-character secret svelte-kit-cookie-session encrypted with before the switch. */
export const OLD_SECRET = "Qm3Xv7Lc1Rt9Wd4Kz8Hb2Np6Fy0Gs5Ja";
const entry = fileURLToPath(new URL("./app/build/handler.js", import.meta.url));

/** Serves the app; `handler` answers its /c/* endpoint (the conformance suite's routes). */
export function serveKit(handler?: ConformanceHandler): Promise<TestServer> {
  return serveBuild(entry, {
    env: { SK_SESSION_PASSWORD: PASSWORD, SK_OLD_SECRET: OLD_SECRET },
    handler,
    exportName: "handler",
  });
}
