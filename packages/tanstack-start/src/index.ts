import type { Session, SessionConfig, SessionData, SessionManager, SessionUpdate } from "@sealed-session/core";
import * as h3 from "@sealed-session/h3";
import { getEvent } from "@tanstack/react-start/server";

export type { Session, SessionConfig, SessionData, SessionManager, SessionUpdate } from "@sealed-session/core";

/** The request's h3 event, as TanStack Start's `getEvent()` gives it inside a server function or server route. */
export type EventAccessor = () => h3.H3Event;

/** Nitro's session functions without the event: TanStack Start knows the request each call belongs to. */
export interface StartSessionFunctions {
  /** The session (`id`, `data`, `update`, `clear`, `regenerate`, `flash`…); `update()` seals at once, as in h3. */
  useSession<T extends SessionData = SessionData>(config: SessionConfig<T>): Promise<SessionManager<T>>;
  /** The session's record, read without sealing a new session. */
  getSession<T extends SessionData = SessionData>(config: SessionConfig<T>): Promise<Session<T>>;
  /** Merges `update` into the data and reseals it. */
  updateSession<T extends SessionData = SessionData>(config: SessionConfig<T>, update?: SessionUpdate<T>): Promise<Session<T>>;
  /** Clears the session: the cookie is expired. */
  clearSession(config: SessionConfig): Promise<void>;
  /** The session sealed as a token (for a header client). */
  sealSession(config: SessionConfig): Promise<string>;
  /** Opens a token sealed with `config`. */
  unsealSession(config: SessionConfig, sealed: string): Promise<Partial<Session>>;
}

/**
 * The session functions bound to an event accessor: `getEvent` from
 * `@tanstack/solid-start/server`, or any that returns the request's h3 event.
 *
 * @example
 * ```ts
 * import { getEvent } from "@tanstack/solid-start/server";
 * export const { useSession } = bindStartSessions(getEvent);
 * ```
 */
export function bindStartSessions(eventOf: EventAccessor): StartSessionFunctions {
  return {
    useSession: (config) => h3.useSession(eventOf(), config),
    getSession: (config) => h3.getSession(eventOf(), config),
    updateSession: (config, update) => h3.updateSession(eventOf(), config, update),
    clearSession: (config) => h3.clearSession(eventOf(), config),
    sealSession: (config) => h3.sealSession(eventOf(), config),
    unsealSession: (config, sealed) => h3.unsealSession(eventOf(), config, sealed),
  };
}

/**
 * Nitro's session functions for TanStack Start (React), called in a server
 * function or a server route with no event: `useSession(config)` returns the
 * manager and `update()` seals the cookie into the response at once.
 *
 * @example
 * ```ts
 * const config = { password: process.env.SESSION_PASSWORD!, maxAge: 60 * 60 * 24 * 7 };
 * export const visit = createServerFn({ method: "POST" }).handler(async () => {
 *   const session = await useSession<{ visits?: number }>(config);
 *   await session.update((data) => ({ visits: (data.visits ?? 0) + 1 }));
 *   return session.data;
 * });
 * ```
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } = bindStartSessions(
  getEvent as unknown as EventAccessor,
);
