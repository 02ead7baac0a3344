// Serves the Nuxt app test/setup.ts built (Nitro's node-listener preset) on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveNode, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "nuxt-test-password-0123456789-abcdefghijkl";
export const server = fileURLToPath(new URL("./app/.output/server/index.mjs", import.meta.url));
type NodeListener = Parameters<typeof serveNode>[0];

/** Serves the app; `handler` answers its /c/* route (the conformance suite's routes). */
export async function serveNuxt(handler?: ConformanceHandler): Promise<TestServer> {
  // Read when the server's runtime config is first made (NUXT_SESSION_PASSWORD → runtimeConfig.session.password).
  process.env.NUXT_SESSION_PASSWORD = PASSWORD;
  (globalThis as { __sealedSessionHandler?: unknown }).__sealedSessionHandler = handler;
  const { listener } = (await import(server)) as { listener: NodeListener };
  return serveNode(listener);
}
