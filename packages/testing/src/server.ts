import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";

/** A server started for a test: `fetch(path, init)` against it, and `close()`. */
export interface TestServer {
  readonly url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Serves a Node request listener on 127.0.0.1 at a random port. The server
 * closes itself after `lifetimeMs` if a test forgets to, and never keeps the
 * process alive.
 */
export async function serveNode(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  { lifetimeMs = 120_000 }: { lifetimeMs?: number } = {},
): Promise<TestServer> {
  return serve(createServer(listener), lifetimeMs);
}

/** Listens with an already created server (for frameworks that build their own). */
export async function serve(server: Server, lifetimeMs = 120_000): Promise<TestServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const guard = setTimeout(() => server.close(), lifetimeMs);
  guard.unref();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    fetch: (path, init) => fetch(url + path, { ...init, redirect: "manual" }),
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(guard);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port free on 127.0.0.1 right now, for a server started in another process. */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The `globalThis` key where a built app's conformance route finds the suite's handler. */
export const CONFORMANCE_HANDLER = "__sealedSessionHandler";

/**
 * Serves a framework's production build in process on 127.0.0.1: sets `env`
 * (read when the build's modules are first evaluated), puts `handler` at
 * `globalThis[CONFORMANCE_HANDLER]` for the app's catch-all route, imports
 * `entry` and serves its Node listener export (`listener` by default).
 */
export async function serveBuild(
  entry: string,
  { env = {}, handler, exportName = "listener" }: { env?: Record<string, string>; handler?: unknown; exportName?: string } = {},
): Promise<TestServer> {
  Object.assign(process.env, env);
  (globalThis as Record<string, unknown>)[CONFORMANCE_HANDLER] = handler;
  const module = (await import(entry)) as Record<string, unknown>;
  const listener = module[exportName];
  if (typeof listener !== "function") throw new Error(`${entry} exports no ${exportName} function.`);
  return serveNode(listener as (req: IncomingMessage, res: ServerResponse) => void);
}
