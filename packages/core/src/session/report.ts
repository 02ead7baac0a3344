/**
 * @module Reporting a refused token or a failed write: `onError` and telemetry,
 * never the request's failure.
 */
import { isSealedSessionError, type SealedSessionError } from "../errors";
import type { ResolvedSessionConfig } from "./config";
import { callHook } from "./hook";
import { emit } from "./telemetry";

/**
 * Tells `onError` why a token was refused (or what failed while reading or
 * resealing it). Configuration mistakes, and anything that is not one of our
 * errors, are thrown instead: they must surface, not become "no session".
 */
export function report(
  c: ResolvedSessionConfig,
  state: { readonly source: "cookie" | "header" | undefined },
  error: unknown,
): void {
  if (!isSealedSessionError(error) || isConfigError(error)) throw error;
  if (c.source.telemetry)
    emit(c, { type: "error", name: c.name, source: state.source ?? "cookie", code: error.code });
  // A failing hook must not turn every bad cookie into a server error.
  const onError = c.source.onError;
  if (onError)
    callHook(`onError (${error.code})`, () =>
      onError(error, { name: c.name, source: state.source ?? "cookie" }),
    );
}

// Configuration mistakes must surface, not be swallowed as "no session".
function isConfigError(error: SealedSessionError): boolean {
  return error.code.startsWith("ERR_PASSWORD_") || error.code === "ERR_OPTIONS_INVALID";
}
