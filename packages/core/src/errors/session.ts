/**
 * @module The errors of sessions: too large, failing the schema, refused
 * (expired, invalid, revoked, not found), the store down or in conflict, and a
 * change after the headers left.
 */
import { SealedSessionError } from "./base";

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
    super(
      `Session data does not match the schema: ${issues.map((issue) => issue.message).join("; ")}`,
    );
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
    super(
      scope === "session" ? "The session was revoked." : "Every session of this user was revoked.",
    );
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
 * An authentic token in a format retired by `acceptLegacyUntil` (that moment
 * has passed): a token sealed at 1 PBKDF2 iteration, or another library's
 * cookie read by `migrateFrom`. Reported to `onError`; the request gets a
 * fresh session.
 */
export class SessionLegacyError extends SealedSessionError {
  override readonly code = "ERR_SESSION_LEGACY" as const;
  /** The retired format: `"Fe26.2@1"`, or the `migrateFrom` source (`"iron-session"`…). */
  readonly format: string;

  constructor(format: string) {
    super(`A token in the format ${format} arrived after acceptLegacyUntil, which retired it.`);
    this.format = format;
  }
}

/**
 * A store-mode write kept meeting newer writes of the same session (another
 * request changed it between this one's read and write, on every retry).
 */
export class SessionConflictError extends SealedSessionError {
  override readonly code = "ERR_SESSION_CONFLICT" as const;

  constructor(attempts: number) {
    super(
      `The session changed under this write ${attempts} times in a row; nothing was written. Retry the request.`,
    );
  }
}

/**
 * A session change was asked of a request whose response cannot take cookies
 * (the exchange is `readOnly`: a React Server Component's render). Thrown
 * before anything is sealed; the session stays as it was.
 */
export class SessionReadOnlyError extends SealedSessionError {
  override readonly code = "ERR_SESSION_READ_ONLY" as const;

  constructor(name: string) {
    super(
      `Session "${name}" is read-only here: this response cannot set cookies (a server component renders after its headers). Change it in a server action, a route handler or the proxy.`,
    );
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

/** Why a request failed the CSRF check (`SessionCsrfError.reason`). */
export type CsrfFailure = "cross-site" | "missing" | "mismatch";

/**
 * A request that changes state failed the CSRF check: it came from another
 * site (`"cross-site"`: its `Sec-Fetch-Site`, or an `Origin` that is not the
 * request's host nor trusted), carried no token (`"missing"`), or a token not
 * made for this session (`"mismatch"`). Answer it with `status` (403).
 */
export class SessionCsrfError extends SealedSessionError {
  override readonly code = "ERR_SESSION_CSRF" as const;
  readonly reason: CsrfFailure;
  /** The HTTP status to answer with. */
  readonly status = 403;

  constructor(reason: CsrfFailure) {
    super(
      reason === "cross-site"
        ? "Refused a state-changing request from another site (CSRF). List an origin you trust in csrf.trustedOrigins."
        : `Refused a state-changing request: its CSRF token is ${reason === "missing" ? "missing" : "not this session's"}. Send session.csrfToken() in the ${CSRF_FIELD} form field or the ${CSRF_HEADER} header.`,
    );
    this.reason = reason;
  }
}

/** The form field a CSRF token is read from. */
export const CSRF_FIELD = "_csrf";
/** The request header a CSRF token is read from. */
export const CSRF_HEADER = "x-csrf-token";
