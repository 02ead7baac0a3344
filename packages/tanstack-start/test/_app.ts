// Serves the TanStack Start app test/setup.ts built (Nitro's node-listener) on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveNode, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "start-test-password-0123456789-abcdefghijk";
const server = fileURLToPath(new URL("./app/.output/server/index.mjs", import.meta.url));
type NodeListener = Parameters<typeof serveNode>[0];

/** Serves the app; `handler` answers its /c/* server route (the conformance suite's routes). */
export async function serveStart(handler?: ConformanceHandler): Promise<TestServer> {
  process.env.START_SESSION_PASSWORD = PASSWORD;
  (globalThis as { __sealedSessionHandler?: unknown }).__sealedSessionHandler = handler;
  const { listener } = (await import(server)) as { listener: NodeListener };
  return serveNode(listener);
}
