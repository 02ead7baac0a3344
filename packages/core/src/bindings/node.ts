/**
 * @module The Node binding: the exchange of an `IncomingMessage` and
 * `ServerResponse` (structurally, importing nothing of Node), and
 * `commitBeforeHeaders`, which holds a response's headers until its sessions
 * are committed.
 */
import { restage } from "../cookie/chunked";
import { HeadersSentError, isSealedSessionError } from "../errors";
import type { SessionConfig } from "../session/config";
import { callHook } from "../session/hook";
import type { SessionExchange } from "../session/port";
import { Slot } from "../session/slot";

// Structural types: Node's http.IncomingMessage and ServerResponse fit them,
// and core imports nothing from Node.

/** What the session reads of a Node request (`http.IncomingMessage`). */
export interface NodeRequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What the session uses of a Node response (`http.ServerResponse`). */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  getHeader(name: string): unknown;
  setHeader(name: string, value: string | readonly string[]): unknown;
  removeHeader?(name: string): unknown;
}

/**
 * The exchange of a Node request and response, shared by every session of
 * the request. Writing after the headers were sent throws `HeadersSentError`
 * rather than Node's own error, so the change is reported, not lost.
 */
export function nodeExchange(
  req: NodeRequestLike,
  res: NodeResponseLike,
  defaultName?: string,
): SessionExchange {
  let exchange = exchanges.get(req);
  if (!exchange) {
    exchange = {
      key: req,
      defaultName,
      getRequestHeader(name) {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(name === "cookie" ? "; " : ", ") : value;
      },
      stage(name, staged) {
        if (res.headersSent) throw new HeadersSentError(name);
        if (staged.setCookies) {
          const value = res.getHeader("set-cookie");
          const current =
            value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
          res.setHeader("set-cookie", restage(current, name, staged.setCookies));
        }
        if (staged.header) res.setHeader(staged.header[0], staged.header[1]);
      },
    };
    exchanges.set(req, exchange);
  }
  return exchange;
}

const exchanges = new Slot<SessionExchange>("sealed-session.exchange");

/** The response methods that send headers, which `commitBeforeHeaders` holds back. */
export interface DeferrableResponse extends NodeResponseLike {
  writeHead(...args: never[]): unknown;
  write(...args: never[]): boolean;
  end(...args: never[]): unknown;
}

/**
 * Runs `commit` before the response's headers go out. Sealing is
 * asynchronous and Node flushes headers synchronously, so the first
 * `writeHead`, `write` or `end` — whatever sends the response: `res.json`,
 * `res.redirect`, `res.sendFile`'s stream, an error handler — is held until
 * every commit registered on the response has finished, then replayed in
 * order. Once a streamed body has started, `end` is held for one more commit:
 * a change made after the headers left cannot reach the client, and is
 * reported as `HeadersSentError` (`ERR_HEADERS_SENT`) to the config's
 * `onError` (or the console) instead of being lost silently.
 *
 * With `fail`, a commit that fails before the headers went out replaces the
 * response, as h3 and Hono do: the held calls are dropped with the headers
 * that described their body, commits stop for this response, and `fail`
 * gets the error (Express's `next(error)`: the app's error handler, or a 500).
 */
export function commitBeforeHeaders(
  res: DeferrableResponse,
  config: SessionConfig,
  commit: () => Promise<unknown> | undefined,
  fail?: (error: unknown) => void,
): void {
  const known = (res.end as Partial<Held>)[HOOKS];
  if (known) {
    known.push({ config, commit, fail });
    return;
  }
  const hooks: Hook[] = [{ config, commit, fail }];
  const originals = { writeHead: res.writeHead, write: res.write, end: res.end };
  type Method = keyof typeof originals;
  const call = (method: Method, args: unknown[]) =>
    (originals[method] as (...a: unknown[]) => unknown).apply(res, args);
  let queue: Array<[Method, unknown[]]> | undefined;
  // Set once the held calls are replayed: Node's own write()/end() then call
  // writeHead() internally, and that must go straight through.
  let released = false;
  // Set once a commit failed and the response was handed to `fail`: whatever
  // answers in its place goes straight through, committing nothing.
  let failed = false;
  // The first call starts every commit; when no session changed, they answer
  // synchronously and the call goes straight through, held by nothing.
  const hold =
    (method: Method) =>
    (...args: unknown[]): unknown => {
      if (queue) {
        queue.push([method, args]);
      } else if (failed || ((released || res.headersSent) && method !== "end")) {
        return call(method, args);
      } else {
        const started = runAll(hooks, res);
        if (started === undefined) {
          released = true;
          return call(method, args);
        }
        queue = [[method, args]];
        void started.then((failure) => {
          const calls = queue ?? [];
          queue = undefined;
          released = true;
          if (failure) {
            failed = true;
            for (const name of BODY_HEADERS) res.removeHeader?.(name);
            failure.fail(failure.error);
            return;
          }
          for (const [name, callArgs] of calls) call(name, callArgs);
        });
      }
      return method === "write" ? true : res;
    };
  const end = hold("end") as Held;
  end[HOOKS] = hooks;
  res.writeHead = hold("writeHead") as never;
  res.write = hold("write") as never;
  res.end = end as never;
}

// What described the body of a response that a failed commit replaced.
const BODY_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "content-disposition",
  "etag",
  "last-modified",
];

interface Hook {
  readonly config: SessionConfig;
  readonly commit: () => Promise<unknown> | undefined;
  readonly fail: ((error: unknown) => void) | undefined;
}

/** A commit that failed before the headers went out, for its hook's `fail`. */
interface Failure {
  readonly error: unknown;
  readonly fail: (error: unknown) => void;
}

// The held `end` carries the response's hooks: a second session of the
// request adds its own, and nothing else is stored on the response.
const HOOKS = Symbol("sealed-session.hooks");
type Held = ((...args: unknown[]) => unknown) & { [HOOKS]: Hook[] };

// Starts every hook's commit; `undefined` when none had anything to write.
// Hooks commit one after another, each waiting for the one before; the
// first failure a hook's `fail` takes ends the chain.
function runAll(
  hooks: readonly Hook[],
  res: NodeResponseLike,
): Promise<Failure | undefined> | undefined {
  let chain: Promise<Failure | undefined> | undefined;
  for (const hook of hooks)
    chain = chain ? chain.then((failure) => failure ?? start(hook, res)) : start(hook, res);
  return chain;
}

// Starts one hook's commit; `undefined` when it had nothing to write. A
// failure, thrown or rejected, goes to the hook's `fail` while the headers
// are still held, and is reported otherwise; it is never passed on.
function start(hook: Hook, res: NodeResponseLike): Promise<Failure | undefined> | undefined {
  const failed = (error: unknown): Failure | undefined => {
    if (hook.fail && !res.headersSent) return { error, fail: hook.fail };
    reportLate(hook.config, error);
    return undefined;
  };
  let pending: Promise<unknown> | undefined;
  try {
    pending = hook.commit();
  } catch (error) {
    const failure = failed(error);
    return failure && Promise.resolve(failure);
  }
  return pending?.then(() => undefined, failed);
}

function reportLate(config: SessionConfig, error: unknown): void {
  const onError = config.onError;
  if (isSealedSessionError(error) && onError) {
    callHook(`onError (${error.code})`, () =>
      onError(error, { name: config.name ?? "session", source: "cookie" }),
    );
    return;
  }
  console.error(
    "[sealed-session] a session change could not be committed before the response was sent:",
    error,
  );
}
