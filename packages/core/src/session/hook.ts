/**
 * @module Calling the application's hooks (`onError`, `telemetry`) so that nothing they do fails a request.
 */

/**
 * Calls an application hook (`onError`, `telemetry`) so that nothing it does
 * fails the request or the process: a throw is logged, and so is the
 * rejection of a promise it returns (an `async` hook), which would otherwise
 * be an unhandled rejection (in Node, one ends the process).
 */
export function callHook(what: string, call: () => unknown): void {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    logHookError(what, error);
    return;
  }
  if (isThenable(result)) result.then(undefined, (error: unknown) => logHookError(what, error));
}

function logHookError(what: string, error: unknown): void {
  console.error(`[sealed-session] the ${what} hook failed; the request goes on:`, error);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}
