/**
 * @module The session manager's interface: what `useSession` hands a handler.
 */
import type { SessionData } from "./record";
import type { SessionUpdate } from "./state";

/**
 * A handle on this request's session, from `useSession`. Data apart from
 * methods: read `data`, change it with `update()`.
 *
 * @example
 * ```ts
 * const session = await useSession(exchange, { password });
 * await session.update({ visits: (session.data.visits ?? 0) + 1 });
 * ```
 */
export interface SessionManager<T extends SessionData = SessionData> {
  /** The session id. A new one after `clear()` or `regenerate()`. */
  readonly id: string;
  /** When the session was created, in milliseconds since the epoch. */
  readonly createdAt: number;
  /** The session data. Direct changes reach the cookie through `commit()` (middleware adapters call it for you). */
  readonly data: T;
  /** Merges a patch (or applies a function to a copy of the data), validates, reseals and stages the cookie. */
  update(update?: SessionUpdate<T>): Promise<SessionManager<T>>;
  /** Expires the cookie and its chunks; what follows in this request starts a new, empty session. */
  clear(): Promise<SessionManager<T>>;
  /** A new id and `createdAt` with the same data (session-fixation protection after a sign-in). */
  regenerate(): Promise<SessionManager<T>>;
  /** Reseals only if `data` changed since it was loaded or last sealed; resolves to whether it did. */
  commit(): Promise<boolean>;
  /** Keeps a one-read value in the session until `consumeFlash(key)`. */
  flash(key: string, value: unknown): Promise<SessionManager<T>>;
  /** Returns a value set by `flash(key)` and removes it (resealing), or `undefined`. */
  consumeFlash<V = unknown>(key: string): Promise<V | undefined>;
  /**
   * A CSRF token bound to this session (its id: `regenerate()` and `clear()`
   * rotate it), masked afresh on each call. Put it in every form as `_csrf`,
   * or send it as `x-csrf-token`. Writes a session not yet written.
   */
  csrfToken(): Promise<string>;
  /**
   * For a state-changing request: refuses one from another site
   * (`Sec-Fetch-Site`, `Origin`; see `csrf.trustedOrigins`) or without a
   * token of this session — `token` (the form's `_csrf`), else the
   * `x-csrf-token` header — with `SessionCsrfError` (answer 403).
   */
  verifyCsrf(token?: string | null): Promise<void>;
}
