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
  | "ERR_STORE_UNAVAILABLE"
  | "ERR_SESSION_CONFLICT";

/** The codes of the reasons a session token that unsealed is still refused. */
export type SessionRejectionCode = "ERR_SESSION_EXPIRED" | "ERR_SESSION_INVALID" | "ERR_SESSION_REVOKED" | "ERR_SESSION_NOT_FOUND";

/** The codes of the reasons a token is refused by `unseal`. */
export type UnsealErrorCode =
  | "ERR_SEAL_MALFORMED"
  | "ERR_SEAL_MAC"
  | "ERR_SEAL_EXPIRED"
  | "ERR_SEAL_UNKNOWN_KEY"
  | "ERR_SEAL_DECRYPT"
  | "ERR_SEAL_FOREIGN_SALT";

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

const PASSWORD_HINT = "Generate one with `npx sealed-session gen-password` and keep it in an environment variable.";

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

/**
 * A session write would not fit in the browser's cookies: the `Cookie` header
 * it makes the browser send back (`size` bytes) exceeds `maxSize` (`limit`).
 * Thrown before any header changes; the request's cookie stays as it was.
 */
export class SessionTooLargeError extends SealedSessionError {
  override readonly code = "ERR_SESSION_TOO_LARGE" as const;
  /** Bytes the session would take in the browser's `Cookie` header. */
  readonly size: number;
  /** The configured `maxSize`, in bytes. */
  readonly limit: number;

  constructor(name: string, size: number, limit: number) {
    super(
      `Session "${name}" would take ${size} bytes in the browser's Cookie header, over maxSize (${limit}). ` +
        "Keep less in the session (store large data server-side and keep its id), or raise maxSize if every proxy in front allows it.",
    );
    this.size = size;
    this.limit = limit;
  }
}

/**
 * Session data does not satisfy the config's `schema`: thrown by `update()`
 * before anything is sealed; a loaded session that fails it is dropped and
 * reported to `onError` with this error. `issues` are the schema's.
 */
export class SessionSchemaError extends SealedSessionError {
  override readonly code = "ERR_SESSION_SCHEMA" as const;
  readonly issues: ReadonlyArray<{ readonly message: string }>;

  constructor(issues: ReadonlyArray<{ readonly message: string }>) {
    super(`Session data does not match the schema: ${issues.map((issue) => issue.message).join("; ")}`);
    this.issues = issues;
  }
}

/** A session token unsealed but its `maxAge` or `idleTimeout` has passed (reported to `onError`). */
export class SessionExpiredError extends SealedSessionError {
  override readonly code = "ERR_SESSION_EXPIRED" as const;

  constructor(which: "maxAge" | "idleTimeout") {
    super(`The session is past its ${which}.`);
  }
}

/** A token unsealed to something that is not a session record `{ id, createdAt, data }`, or a store held no session where one should be (reported to `onError`). */
export class SessionInvalidError extends SealedSessionError {
  override readonly code = "ERR_SESSION_INVALID" as const;

  constructor(detail = "The token does not hold a session record.") {
    super(detail);
  }
}

/**
 * A session token that unsealed was revoked: its id by `revoke()` (or its own
 * `clear()`), or its user's sessions by `revokeAll()` (reported to `onError`).
 */
export class SessionRevokedError extends SealedSessionError {
  override readonly code = "ERR_SESSION_REVOKED" as const;
  /** What was revoked: this session, or every session of its user created before `revokeAll()`. */
  readonly scope: "session" | "user";

  constructor(scope: "session" | "user") {
    super(scope === "session" ? "The session was revoked." : "Every session of this user was revoked.");
    this.scope = scope;
  }
}

/** A store-mode cookie names a session the store no longer holds (deleted, expired or revoked; reported to `onError`). */
export class SessionNotFoundError extends SealedSessionError {
  override readonly code = "ERR_SESSION_NOT_FOUND" as const;

  constructor() {
    super("The session is not in the store.");
  }
}

/**
 * The session store (or the revocation store) failed. Reported to `onError`;
 * a revocation check then refuses the session unless `onStoreError: "open"`.
 */
export class StoreUnavailableError extends SealedSessionError {
  override readonly code = "ERR_STORE_UNAVAILABLE" as const;

  constructor(operation: string, options?: { cause?: unknown }) {
    super(`The session store failed to ${operation}.`, options);
  }
}

/**
 * A store-mode write kept meeting newer writes of the same session (another
 * request changed it between this one's read and write, on every retry).
 */
export class SessionConflictError extends SealedSessionError {
  override readonly code = "ERR_SESSION_CONFLICT" as const;

  constructor(attempts: number) {
    super(`The session changed under this write ${attempts} times in a row; nothing was written. Retry the request.`);
  }
}

/**
 * A session change could not reach the client because the response headers
 * were already sent (a streamed body began before the change was committed).
 * Reported to `onError`; the change is not lost silently.
 */
export class HeadersSentError extends SealedSessionError {
  override readonly code = "ERR_HEADERS_SENT" as const;

  constructor(name: string) {
    super(
      `Session "${name}" changed after the response headers were sent; the change did not reach the client. Await update() before streaming.`,
    );
  }
}

// A registered symbol marks our errors, so that a copy of this module loaded
// twice (CommonJS beside ESM, or two bundles) still recognises them.
const BRAND = Symbol.for("sealed-session.error");
Object.defineProperty(SealedSessionError.prototype, BRAND, { value: true });
const UNSEAL_CODES: ReadonlySet<string> = new Set<UnsealErrorCode>([
  "ERR_SEAL_MALFORMED",
  "ERR_SEAL_MAC",
  "ERR_SEAL_EXPIRED",
  "ERR_SEAL_UNKNOWN_KEY",
  "ERR_SEAL_DECRYPT",
  "ERR_SEAL_FOREIGN_SALT",
]);

/** `true` when `error` is any error thrown by sealed-session (from any copy of the package). */
export function isSealedSessionError(error: unknown): error is SealedSessionError {
  return typeof error === "object" && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}

/** `true` when `error` means "this token is refused" rather than a configuration mistake. */
export function isUnsealError(error: unknown): error is UnsealError {
  return isSealedSessionError(error) && UNSEAL_CODES.has(error.code);
}
