/**
 * @module Holding a Node response's headers until its sessions are committed
 * (`commitBeforeHeaders`), and reporting a change that came too late.
 */
import { isSealedSessionError } from "../errors";
import type { SessionConfig } from "../session/config";
import { callHook } from "../session/hook";
import { Slot } from "../session/slot";
import type { NodeResponseLike } from "./node";

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
 * order; when no session changed, it goes straight through, held by nothing.
 * The three methods are wrapped once per response prototype (Express's
 * `app.response`, Node's `ServerResponse.prototype`), and a response without
 * commits passes through them untouched: a response costs one slot, not three
 * closures. Once a streamed body has started, `end` is held for one more commit:
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
  const hook: Hook = { config, commit, fail };
  const held = responses.get(res);
  if (held) {
    held.hooks.push(hook);
    return;
  }
  responses.set(res, { hooks: [hook], queue: undefined, released: false, failed: false });
  wrapPrototype(res);
}

type Method = "writeHead" | "write" | "end";
type Call = (this: DeferrableResponse, ...args: unknown[]) => unknown;
const METHODS: readonly Method[] = ["writeHead", "write", "end"];

/** A response's commits, and what its held calls are waiting for. */
interface Held {
  readonly hooks: Hook[];
  /** The calls held until the commits finish (the method as the prototype had it, and its arguments). */
  queue: Array<[Call, unknown[]]> | undefined;
  // Set once the held calls are replayed: Node's own write()/end() then call
  // writeHead() internally, and that must go straight through.
  released: boolean;
  // Set once a commit failed and the response was handed to `fail`: whatever
  // answers in its place goes straight through, committing nothing.
  failed: boolean;
}

const responses = new Slot<Held>("sealed-session.held");
const wrapped = new WeakSet<object>();

// Wraps writeHead, write and end on the response's prototype, once: a
// response with commits is held there, any other goes straight through.
function wrapPrototype(res: DeferrableResponse): void {
  const proto = Object.getPrototypeOf(res) as Record<Method, Call> | null;
  if (proto === null || wrapped.has(proto)) return;
  wrapped.add(proto);
  for (const method of METHODS) {
    const original = proto[method];
    proto[method] = function (this: DeferrableResponse, ...args: unknown[]): unknown {
      const held = responses.get(this);
      return held ? hold(this, held, method, original, args) : original.apply(this, args);
    };
  }
}

// The first call starts every commit; when no session changed, they answer
// synchronously and the call goes straight through.
function hold(
  res: DeferrableResponse,
  held: Held,
  method: Method,
  original: Call,
  args: unknown[],
) {
  if (held.queue) {
    held.queue.push([original, args]);
  } else if (held.failed || ((held.released || res.headersSent) && method !== "end")) {
    return original.apply(res, args);
  } else {
    const started = runAll(held.hooks, res);
    if (started === undefined) {
      held.released = true;
      return original.apply(res, args);
    }
    held.queue = [[original, args]];
    void started.then((failure) => replay(res, held, failure));
  }
  return method === "write" ? true : res;
}

// Once the commits finished: the held calls replayed, or a failed commit handed to its `fail`.
function replay(res: DeferrableResponse, held: Held, failure: Failure | undefined): void {
  const calls = held.queue ?? [];
  held.queue = undefined;
  held.released = true;
  if (failure) {
    held.failed = true;
    for (const name of BODY_HEADERS) res.removeHeader?.(name);
    failure.fail(failure.error);
    return;
  }
  for (const [call, callArgs] of calls) call.apply(res, callArgs);
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
