import { readFile, stat } from "node:fs/promises";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { extname, resolve, sep } from "node:path";
import { Readable } from "node:stream";

/** A server started for a test: `fetch(path, init)` against it, and `close()`. */
export interface TestServer {
  readonly url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Serves a Node request listener on 127.0.0.1 at a random port (or `port`,
 * one `freePort()` gave). The server closes itself after `lifetimeMs` if a
 * test forgets to, and never keeps the process alive.
 */
export async function serveNode(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  { lifetimeMs = 120_000, port = 0 }: { lifetimeMs?: number; port?: number } = {},
): Promise<TestServer> {
  return serve(createServer(listener), lifetimeMs, port);
}

/** Listens with an already created server (for frameworks that build their own). */
export async function serve(server: Server, lifetimeMs = 120_000, port = 0): Promise<TestServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
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
/**
 * POSTs JSON to `url` with the `Host` header `host` (a public name, as a
 * proxy forwards it), which `fetch()` may not set (a forbidden header): the
 * response's `Set-Cookie` values.
 */
export function postWithHost(url: string, host: string, body: unknown): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: "POST",
      headers: { host, "content-type": "application/json" },
    });
    request.on("response", (response) => {
      response.resume();
      resolve(response.headers["set-cookie"] ?? []);
    });
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}

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
  {
    env = {},
    handler,
    exportName = "listener",
    port = 0,
  }: { env?: Record<string, string>; handler?: unknown; exportName?: string; port?: number } = {},
): Promise<TestServer> {
  Object.assign(process.env, env);
  (globalThis as Record<string, unknown>)[CONFORMANCE_HANDLER] = handler;
  const module = (await import(entry)) as Record<string, unknown>;
  const listener = module[exportName];
  if (typeof listener !== "function")
    throw new Error(`${entry} exports no ${exportName} function.`);
  return serveNode(listener as (req: IncomingMessage, res: ServerResponse) => void, { port });
}

/** A Web fetch handler, as a framework's server build exports it (`export default { fetch }`). */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * Serves a Web fetch handler on 127.0.0.1 through node:http: each request
 * becomes a `Request` (its body streamed), each `Response` is written back
 * with every `Set-Cookie` kept apart. A handler that throws answers 500.
 */
export function serveFetch(
  handler: FetchHandler,
  options: { lifetimeMs?: number } = {},
): Promise<TestServer> {
  return serveNode(async (req, res) => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
          headers.append(name, one);
      }
      const body =
        req.method === "GET" || req.method === "HEAD"
          ? undefined
          : (Readable.toWeb(req) as ReadableStream);
      const init = { method: req.method, headers, body, duplex: "half" } as RequestInit;
      const response = await handler(
        new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url}`, init),
      );
      res.statusCode = response.status;
      for (const [name, value] of response.headers)
        if (name !== "set-cookie") res.setHeader(name, value);
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) res.setHeader("set-cookie", cookies);
      if (response.body)
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
          res.write(chunk);
      res.end();
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  }, options);
}

/**
 * Serves a framework's production build whose entry exports a Web fetch
 * handler (`export default { fetch }`: TanStack Start, SolidStart 2), in
 * process on 127.0.0.1; `env` and `handler` as in `serveBuild`, and the
 * build's client files served from `assets` (a folder), as a host would.
 */
export async function serveFetchBuild(
  entry: string,
  {
    env = {},
    handler,
    assets,
  }: { env?: Record<string, string>; handler?: unknown; assets?: string } = {},
): Promise<TestServer> {
  Object.assign(process.env, env);
  (globalThis as Record<string, unknown>)[CONFORMANCE_HANDLER] = handler;
  const module = (await import(entry)) as { default?: { fetch?: FetchHandler } };
  const fetchHandler = module.default?.fetch;
  if (typeof fetchHandler !== "function")
    throw new Error(`${entry} has no default export with a fetch function.`);
  const app: FetchHandler = (request) => fetchHandler.call(module.default, request);
  return serveFetch(assets === undefined ? app : withAssets(assets, app));
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * Answers GET requests for files under `dir` (a build's client assets, which
 * a host serves beside the server's handler) and passes the rest to `app`.
 */
export function withAssets(dir: string, app: FetchHandler): FetchHandler {
  const root = resolve(dir);
  return async (request) => {
    const { pathname } = new URL(request.url);
    const file = resolve(root, `.${decodeURIComponent(pathname)}`);
    if (
      request.method === "GET" &&
      file.startsWith(`${root}${sep}`) &&
      (await stat(file).catch(() => undefined))?.isFile()
    ) {
      return new Response(await readFile(file), {
        headers: { "content-type": TYPES[extname(file)] ?? "application/octet-stream" },
      });
    }
    return app(request);
  };
}
