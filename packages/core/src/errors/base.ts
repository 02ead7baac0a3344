/**
 * @module The base of every error the library throws: `SealedSessionError`,
 * its codes, and the brand that recognises it across copies of the package.
 */

/**
 * Every error sealed-session throws is a `SealedSessionError` with a stable
 * string `code`. Branch on `code` (or `instanceof` a subclass), never on the
 * message text.
 *
 * @example
 * ```ts
 * try {
 *   await unseal(token, password);
 * } catch (error) {
 *   if (isSealedSessionError(error) && error.code === "ERR_SEAL_EXPIRED") {
 *     // ask the user to sign in again
 *   }
 * }
 * ```
 */
export class SealedSessionError extends Error {
  /** A stable, machine-readable code such as `ERR_SEAL_MAC`. */
  readonly code: SealedSessionErrorCode = "ERR_SEALED_SESSION";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The codes of every error the library throws, for exhaustive `switch`es. */
export type SealedSessionErrorCode =
  | "ERR_SEALED_SESSION"
  | UnsealErrorCode
  | "ERR_PASSWORD_MISSING"
  | "ERR_PASSWORD_SHORT"
  | "ERR_PASSWORD_INVALID"
  | "ERR_PASSWORD_WEAK"
  | "ERR_OPTIONS_INVALID"
  | "ERR_SEAL_DATA"
  | "ERR_SESSION_TOO_LARGE"
  | "ERR_SESSION_SCHEMA"
  | SessionRejectionCode
  | "ERR_HEADERS_SENT"
  | "ERR_SESSION_READ_ONLY"
  | "ERR_STORE_UNAVAILABLE"
  | "ERR_SESSION_CONFLICT"
  | "ERR_SESSION_CSRF";

/** The codes of the reasons a session token that unsealed is still refused. */
export type SessionRejectionCode =
  | "ERR_SESSION_EXPIRED"
  | "ERR_SESSION_INVALID"
  | "ERR_SESSION_REVOKED"
  | "ERR_SESSION_NOT_FOUND"
  | "ERR_SESSION_LEGACY";

/** The codes of the reasons a token is refused by `unseal`. */
export type UnsealErrorCode =
  | "ERR_SEAL_MALFORMED"
  | "ERR_SEAL_MAC"
  | "ERR_SEAL_EXPIRED"
  | "ERR_SEAL_UNKNOWN_KEY"
  | "ERR_SEAL_DECRYPT"
  | "ERR_SEAL_FOREIGN_SALT";

// A registered symbol marks our errors, so that a copy of this module loaded
// twice (CommonJS beside ESM, or two bundles) still recognises them.
const BRAND = Symbol.for("sealed-session.error");
Object.defineProperty(SealedSessionError.prototype, BRAND, { value: true });

/** `true` when `error` is any error thrown by sealed-session (from any copy of the package). */
export function isSealedSessionError(error: unknown): error is SealedSessionError {
  return (
    typeof error === "object" && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}
