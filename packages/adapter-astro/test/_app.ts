// Serves the Astro app test/setup.ts built (its @astrojs/node handler) on 127.0.0.1.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveNode, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "astro-test-password-0123456789-abcdefghijk";
const root = fileURLToPath(new URL("./app/", import.meta.url));
type NodeHandler = Parameters<typeof serveNode>[0];

/** The built app's Node handler. */
export async function astroHandler(): Promise<NodeHandler> {
  // Read by the app's middleware when its module is first evaluated.
  process.env.ASTRO_SESSION_PASSWORD = PASSWORD;
  const entry = (await import(`${root}dist/server/entry.mjs`)) as { handler: NodeHandler };
  return entry.handler;
}

/** Serves the app, with `handler` answering its catch-all endpoint. */
export async function serveAstro(handler?: ConformanceHandler): Promise<TestServer> {
  // The app builds each request's context from its own copy of the adapter.
  (globalThis as { __sealedSessionHandler?: unknown }).__sealedSessionHandler = handler;
  return serveNode(await astroHandler());
}
