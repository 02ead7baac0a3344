/**
 * @module Nitro's session functions on an exchange, beside `useSession`:
 * `getSession`, `updateSession`, `clearSession`, `sealSession`,
 * `unsealSession`, and `settleSessions` for the writes a handler left floating.
 */
import { clearState, updateState } from "./commit";
import type { SessionConfig } from "./config";
import { loadSession } from "./open";
import type { SessionExchange } from "./port";
import { openRecord, type Session, type SessionData, sealRecord } from "./record";
import { resolveFor } from "./request-config";
import { enqueue, exposeData, type SessionUpdate, settle } from "./state";
import { attachStored, pointerOf } from "./store-mode";

/**
 * Waits until every session write of this request has run — also the ones
 * a handler started without `await` (`session.update({ foo: "bar" })`, as
 * Nitro's documentation writes it). Frameworks call it before the response
 * is sent, so such a write still lands in that response. Never rejects.
 */
export function settleSessions(exchange: SessionExchange): Promise<void> {
  return settle(exchange.key);
}

/** This request's session record, loaded once (h3's `getSession`). Does not seal a new session. */
export async function getSession<T extends SessionData = SessionData>(
  exchange: SessionExchange,
  config: SessionConfig<T>,
): Promise<Session<T>> {
  return exposeData(await loadSession(exchange, resolveFor(exchange, config))) as Session<T>;
}

/** Merges `update` into the session's data and reseals it (h3's `updateSession`). */
export async function updateSession<T extends SessionData = SessionData>(
  exchange: SessionExchange,
  config: SessionConfig<T>,
  update?: SessionUpdate<T>,
): Promise<Session<T>> {
  const c = resolveFor(exchange, config);
  const state = await loadSession(exchange, c);
  await enqueue(state, () => updateState(exchange, c, state, update as SessionUpdate));
  return state.session as Session<T>;
}

/** Expires the session cookie and its chunks (h3's `clearSession`). */
export async function clearSession(
  exchange: SessionExchange,
  config: SessionConfig,
): Promise<void> {
  const c = resolveFor(exchange, config);
  const state = await loadSession(exchange, c);
  await enqueue(state, () => clearState(exchange, c, state));
}

/**
 * Seals this request's session into a token (h3's `sealSession`), without
 * staging anything. In store mode the token names the stored session (its id
 * and times, as the cookie does): it finds the data once the session was written.
 */
export async function sealSession(
  exchange: SessionExchange,
  config: SessionConfig,
): Promise<string> {
  const c = resolveFor(exchange, config);
  const { session } = await loadSession(exchange, c);
  const now = Date.now();
  const record = c.idleTimeoutMs ? { ...session, lastSeenAt: now } : session;
  return (await sealRecord(c.source.store ? pointerOf(record) : record, c, now)).token;
}

/**
 * Unseals a token into a session record and checks its `maxAge`,
 * `idleTimeout` and schema (h3's `unsealSession`). Throws the typed reason.
 */
export async function unsealSession<T extends SessionData = SessionData>(
  exchange: SessionExchange,
  config: SessionConfig<T>,
  sealed: string,
): Promise<Session<T>> {
  const c = resolveFor(exchange, config);
  const { session, json } = await openRecord(sealed, c);
  // In store mode the token names the session: its data comes from the store.
  if (c.source.store)
    await attachStored(
      c,
      { version: 0, storedId: undefined, pointerJson: undefined },
      session,
      json ?? "",
    );
  return session as Session<T>;
}
