import { isSealedSessionError, type SealedSessionError } from "../errors";
import type { ResolvedSessionConfig } from "./config";
import { emit } from "./telemetry";

/**
 * Tells `onError` why a token was refused (or what failed while reading or
 * resealing it). Configuration mistakes, and anything that is not one of our
 * errors, are thrown instead: they must surface, not become "no session".
 */
export function report(c: ResolvedSessionConfig, state: { readonly source: "cookie" | "header" | undefined }, error: unknown): void {
  if (!isSealedSessionError(error) || isConfigError(error)) throw error;
  if (c.source.telemetry) emit(c, { type: "error", name: c.name, source: state.source ?? "cookie", code: error.code });
  try {
    c.source.onError?.(error, { name: c.name, source: state.source ?? "cookie" });
  } catch (hookError) {
    // A throwing hook must not turn every bad cookie into a server error.
    console.error("[sealed-session] the onError hook threw while reporting", error.code, hookError);
  }
}

// Configuration mistakes must surface, not be swallowed as "no session".
function isConfigError(error: SealedSessionError): boolean {
  return error.code.startsWith("ERR_PASSWORD_") || error.code === "ERR_OPTIONS_INVALID";
}
