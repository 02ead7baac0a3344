/**
 * @module The events `telemetry` receives: a token read, a write, an error.
 */
import type { SealedSessionErrorCode } from "../errors";

/** Why a token read in a request is resealed in its response. */
export type ResealReason =
  /** Sealed with an older password id (a rotation map or keyring): moved to the newest. */
  | "password"
  /** Sealed at 1 PBKDF2 iteration (h3 v1, iron-session, nuxt-auth-utils): moved to the configured count. */
  | "legacy"
  /** Past half its `idleTimeout` window: its idle deadline slides. */
  | "idle"
  /** Written by another library (`migrateFrom`): rewritten in this one, its old cookies expired. */
  | "migrated";

/** A session token was read and accepted. */
export interface SessionReadEvent {
  readonly type: "read";
  /** The session's name. */
  readonly name: string;
  /** Where the token came from. */
  readonly source: "cookie" | "header";
  /** The password id the token was sealed with (`""` for none): watch old ids fall to zero before removing them. */
  readonly passwordId: string;
  /** Why the token is resealed in this response, or `undefined`. */
  readonly reseal: ResealReason | undefined;
  /** The library that wrote the cookie, when it is not ours (`migrateFrom`): `"iron-session"`. */
  readonly from?: string;
  /**
   * The token's format: `"Fe26.2"`, `"Fe26.2@1"` (sealed at 1 PBKDF2
   * iteration), or the `migrateFrom` source that wrote it. Count reads by it
   * (and `passwordId`) to retire a legacy format on evidence (`acceptLegacyUntil`).
   */
  readonly format: string;
  /** The token's length, in bytes. */
  readonly bytes: number;
  /** Time to unseal and check it, in milliseconds. */
  readonly durationMs: number;
}

/** A session was sealed and staged in the response (a change, or an automatic reseal). */
export interface SessionWriteEvent {
  readonly type: "write";
  readonly name: string;
  /** `"new"` for a session's first write, `"update"` for a later change, else why a read token is resealed. */
  readonly reason: "new" | "update" | ResealReason;
  /** Where it goes: the cookie, the `x-<name>-session` response header, or both. */
  readonly target: "cookie" | "header" | "both";
  /**
   * Bytes the client sends back: every chunk's `name=value` joined by `; `
   * (a cookie), or the header line. Compare with `budget`.
   */
  readonly bytes: number;
  /** `maxSize`, in bytes: a write past it is refused (`SessionTooLargeError`). */
  readonly budget: number;
  /** Cookies holding the session (1, or 1 + its chunks); 0 for a header only. */
  readonly cookies: number;
  /** Time to seal it, in milliseconds. */
  readonly durationMs: number;
}

/** A token was refused, or reading or resealing it failed: what `onError` gets, as an event. */
export interface SessionErrorEvent {
  readonly type: "error";
  readonly name: string;
  readonly source: "cookie" | "header";
  /** The typed reason (`ERR_SEAL_MAC`, `ERR_SESSION_EXPIRED`…). */
  readonly code: SealedSessionErrorCode;
}

/** What `config.telemetry` receives, per request and session. */
export type SessionEvent = SessionReadEvent | SessionWriteEvent | SessionErrorEvent;
