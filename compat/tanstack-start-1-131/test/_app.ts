// Serves the TanStack Start app test/setup.ts built (Nitro's node-listener) on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Mv7Kd2Pq9Wx4Tb6Rn1Ys8Lh3Jc5Fg0Za-start-test";
const server = fileURLToPath(new URL("./app/.output/server/index.mjs", import.meta.url));

/** Serves the app; `handler` answers its /c/* server route (the conformance suite's routes). */
export function serveStart(handler?: ConformanceHandler): Promise<TestServer> {
  return serveBuild(server, { env: { START_SESSION_PASSWORD: PASSWORD }, handler });
}
