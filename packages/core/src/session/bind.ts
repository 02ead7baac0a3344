import type { SessionConfig } from "./config";
import type { SessionExchange, SessionUpdate } from "./engine";
import { clearSession, getSession, type SessionManager, sealSession, unsealSession, updateSession, useSession } from "./manager";
import type { Session, SessionData } from "./record";

/** The session functions Nitro documents, taking a framework's request object (`E`) instead of an exchange. */
export interface SessionFunctions<E> {
  /** Loads (or starts) the session and returns its manager; a new session is sealed into `Set-Cookie` at once, unless `lazy`. */
  useSession<T extends SessionData = SessionData>(event: E, config: SessionConfig<T>): Promise<SessionManager<T>>;
  /** This request's session record, loaded once. */
  getSession<T extends SessionData = SessionData>(event: E, config: SessionConfig<T>): Promise<Session<T>>;
  /** Merges `update` into the session data and reseals it. */
  updateSession<T extends SessionData = SessionData>(event: E, config: SessionConfig<T>, update?: SessionUpdate<T>): Promise<Session<T>>;
  /** Expires the session cookie and its chunks. */
  clearSession(event: E, config: SessionConfig): Promise<void>;
  /** Seals this request's session into a token, staging nothing. */
  sealSession(event: E, config: SessionConfig): Promise<string>;
  /** Unseals a token into a checked session record; throws its typed reason. */
  unsealSession<T extends SessionData = SessionData>(event: E, config: SessionConfig<T>, sealed: string): Promise<Session<T>>;
}

/**
 * The Nitro session functions for a framework, given how to build the
 * exchange of one of its request objects: what an adapter exports.
 *
 * @example
 * ```ts
 * export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
 *   bindSessionFunctions((event: MyEvent) => exchangeOf(event));
 * ```
 */
export function bindSessionFunctions<E>(exchangeOf: (event: E) => SessionExchange): SessionFunctions<E> {
  return {
    useSession: (event, config) => useSession(exchangeOf(event), config),
    getSession: (event, config) => getSession(exchangeOf(event), config),
    updateSession: (event, config, update) => updateSession(exchangeOf(event), config, update),
    clearSession: (event, config) => clearSession(exchangeOf(event), config),
    sealSession: (event, config) => sealSession(exchangeOf(event), config),
    unsealSession: (event, config, sealed) => unsealSession(exchangeOf(event), config, sealed),
  };
}
