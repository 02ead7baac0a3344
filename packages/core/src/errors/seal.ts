/**
 * @module The errors of sealing and unsealing, and of passwords and options:
 * a refused token (one message for every reason: no oracle), a password or
 * option mistake, data JSON cannot hold.
 */
import { isSealedSessionError, SealedSessionError, type UnsealErrorCode } from "./base";

/**
 * A token could not be unsealed. All subclasses share one message, so the
 * message is no oracle for an attacker; the reason is in `code` (and `cause`).
 * Tokens come from clients, so this is expected input, not a bug: a session
 * treats it as "no session".
 */
export class UnsealError extends SealedSessionError {
  override readonly code: UnsealErrorCode = "ERR_SEAL_MALFORMED";

  constructor(options?: { cause?: unknown }) {
    super("The sealed token could not be unsealed", options);
  }
}

/** The token is not a well-formed `Fe26.2` token (type, parts, prefix, encoding, expiration). */
export class SealMalformedError extends UnsealError {
  override readonly code = "ERR_SEAL_MALFORMED" as const;
}

/** The token's integrity check failed: it was tampered with or sealed under another password. */
export class SealMacError extends UnsealError {
  override readonly code = "ERR_SEAL_MAC" as const;
}

/** The token's expiration (its `ttl`) has passed, beyond the allowed clock skew. */
export class SealExpiredError extends UnsealError {
  override readonly code = "ERR_SEAL_EXPIRED" as const;
}

/** The token names a password id that the configured passwords do not have. */
export class SealUnknownKeyError extends UnsealError {
  override readonly code = "ERR_SEAL_UNKNOWN_KEY" as const;
}

/** With `onlyOwnSalts`, the token's salts are not window salts of this password: refused before any key derivation. */
export class SealForeignSaltError extends UnsealError {
  override readonly code = "ERR_SEAL_FOREIGN_SALT" as const;
}

/** The token passed its integrity check but did not decrypt to JSON (a broken producer). */
export class SealDecryptError extends UnsealError {
  override readonly code = "ERR_SEAL_DECRYPT" as const;
}

const PASSWORD_HINT =
  "Generate one with `npx sealed-session gen-password` and keep it in an environment variable.";

/** No password was given (a configuration mistake, thrown at start-up or first use). */
export class PasswordMissingError extends SealedSessionError {
  override readonly code = "ERR_PASSWORD_MISSING" as const;

  constructor(detail = "A password is required to seal and unseal sessions.") {
    super(`${detail} ${PASSWORD_HINT}`);
  }
}

/** A password string is shorter than `minPasswordlength` (32 characters by default). */
export class PasswordShortError extends SealedSessionError {
  override readonly code = "ERR_PASSWORD_SHORT" as const;

  constructor(length: number, min: number) {
    super(`The password has ${length} characters; at least ${min} are required. ${PASSWORD_HINT}`);
  }
}

/** A password has the wrong shape (bad id, empty rotation map, key too small…). */
export class PasswordInvalidError extends SealedSessionError {
  override readonly code = "ERR_PASSWORD_INVALID" as const;
}

/**
 * A secret that looks made by hand (a repeated pattern, a placeholder word),
 * refused where `weakSecrets` is `"refuse"` (the default in production).
 */
export class PasswordWeakError extends SealedSessionError {
  override readonly code = "ERR_PASSWORD_WEAK" as const;
}

/** Options that cannot work (unknown algorithm, non-integer iterations…). */
export class OptionsInvalidError extends SealedSessionError {
  override readonly code = "ERR_OPTIONS_INVALID" as const;
}

/** The data to seal cannot be serialized to JSON (a `BigInt`, a cycle, `undefined`…). */
export class SealDataError extends SealedSessionError {
  override readonly code = "ERR_SEAL_DATA" as const;
}

const UNSEAL_CODES: ReadonlySet<string> = new Set<UnsealErrorCode>([
  "ERR_SEAL_MALFORMED",
  "ERR_SEAL_MAC",
  "ERR_SEAL_EXPIRED",
  "ERR_SEAL_UNKNOWN_KEY",
  "ERR_SEAL_DECRYPT",
  "ERR_SEAL_FOREIGN_SALT",
]);

/** `true` when `error` means "this token is refused" rather than a configuration mistake. */
export function isUnsealError(error: unknown): error is UnsealError {
  return isSealedSessionError(error) && UNSEAL_CODES.has(error.code);
}
