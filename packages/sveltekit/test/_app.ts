// Serves the SvelteKit app test/setup.ts built, through adapter-node's
// request handler (what `node build` runs), on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Vb5Nq8Lz3Wc6Xk1Rd9Tm4Hp7Gf2Sj0Ya-sk-test";
const entry = fileURLToPath(new URL("./app/build/handler.js", import.meta.url));

/** Serves the app; `handler` answers its /c/* endpoint (the conformance suite's routes). */
export function serveKit(handler?: ConformanceHandler): Promise<TestServer> {
  return serveBuild(entry, {
    env: { SK_SESSION_PASSWORD: PASSWORD },
    handler,
    exportName: "handler",
  });
}
