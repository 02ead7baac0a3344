// Serves the TanStack Start app test/setup.ts built (Start's own fetch handler) on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveFetchBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Mv7Kd2Pq9Wx4Tb6Rn1Ys8Lh3Jc5Fg0Za-start-test";
const entry = fileURLToPath(new URL("./app/dist/server/server.js", import.meta.url));
const assets = fileURLToPath(new URL("./app/dist/client/", import.meta.url));

/** Serves the app; `handler` answers its /c/* server route (the conformance suite's routes). */
export function serveStart(handler?: ConformanceHandler): Promise<TestServer> {
  return serveFetchBuild(entry, { env: { START_SESSION_PASSWORD: PASSWORD }, handler, assets });
}
