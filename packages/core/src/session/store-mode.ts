/**
 * @module Store mode: the cookie seals a pointer (the record without its data)
 * and the data lives in the config's `store`. The engine calls these at its
 * seams: after a token opens, when a write persists, when a session is cleared.
 */
import { MAX_COOKIE_AGE } from "../cookie/chunked";
import { SessionConflictError, SessionNotFoundError } from "../errors";
import { serialize } from "../seal/json";
import { sessionUser } from "../store/keys";
import type { SessionStore } from "../store/sessions";
import type { ResolvedSessionConfig } from "./config";
import { type Session, type SessionData, tokenExpiry, validateData } from "./record";

/** What store mode tracks per request, beside the session. */
export interface StoredState {
  /** The stored version of the record this request loaded or last wrote (0: none). */
  version: number;
  /** The id the record is stored under, once loaded or written. */
  storedId: string | undefined;
  /** The pointer's JSON as the cookie holds it: an unchanged pointer is not resealed. */
  pointerJson: string | undefined;
  /** The user the record is stored under (its device-list entry), as loaded or last written. */
  storedUser?: string | undefined;
}

/** The config's store; only called in store mode. */
export function storeOf(c: ResolvedSessionConfig): SessionStore {
  return c.source.store as SessionStore;
}

/** The pointer a store-mode cookie seals: id and times, no data. */
export function pointerOf(session: Session): Session {
  const pointer: Session = { id: session.id, createdAt: session.createdAt, data: {} };
  if (session.lastSeenAt !== undefined) pointer.lastSeenAt = session.lastSeenAt;
  if (session.generation !== undefined) pointer.generation = session.generation;
  return pointer;
}

/**
 * Fills `session`, a pointer from the cookie, with what the store holds.
 * Throws `SessionNotFoundError` when the store no longer has it (deleted,
 * expired), `StoreUnavailableError` when the store fails.
 */
export async function attachStored(
  c: ResolvedSessionConfig,
  state: StoredState,
  session: Session,
  pointerJson: string,
): Promise<void> {
  const stored = await storeOf(c).load(session.id);
  // A record of another session under the same id (another app on the same
  // storage and prefix, with ids it chose) is not this cookie's.
  if (!stored || stored.createdAt !== session.createdAt) throw new SessionNotFoundError();
  session.data = await validateData(c, stored.data);
  if (stored.flash !== undefined) session.flash = stored.flash;
  state.version = stored.version;
  state.storedId = session.id;
  state.storedUser = stored.user;
  state.pointerJson = pointerJson;
}

/**
 * Writes `next` to the store if nobody wrote it since this request read it
 * (else `SessionConflictError`), and removes the record of an id it replaced
 * (`regenerate()`). Resolves to the pointer to seal, or `undefined` when the
 * cookie already holds it.
 */
export async function saveStored(
  c: ResolvedSessionConfig,
  state: StoredState,
  next: Session,
  now: number,
  isNew: boolean,
): Promise<Session | undefined> {
  const store = storeOf(c);
  const expected = next.id === state.storedId ? state.version : 0;
  const { data, flash, createdAt, lastSeenAt } = next;
  const user = sessionUser(c.source.userKey?.(data));
  const previousUser = expected === 0 ? undefined : state.storedUser;
  state.version = await store.save(
    next.id,
    { data, flash, createdAt, lastSeenAt, user },
    expected,
    // Neither maxAge nor idleTimeout: kept as long as a browser keeps the cookie.
    tokenExpiry(next, c, now) ?? now + MAX_COOKIE_AGE * 1000,
    previousUser,
  );
  state.storedUser = user;
  const replaced =
    state.storedId !== undefined && state.storedId !== next.id ? state.storedId : undefined;
  state.storedId = next.id;
  if (replaced !== undefined) await store.remove(replaced);
  const pointer = pointerOf(next);
  const pointerJson = serialize(pointer);
  if (!isNew && pointerJson === state.pointerJson) return undefined;
  state.pointerJson = pointerJson;
  return pointer;
}

/**
 * After a `SessionConflictError`: the stored data as it is now, into
 * `session.data` in place (handlers may hold it), so the write can be made
 * again on top of it. `changedSince` (for `commit()`, whose changes were made
 * in place) gives the session's JSON when loaded: the top-level keys the
 * handler set or deleted since are applied again to the fresh data.
 */
export async function reloadStored(
  c: ResolvedSessionConfig,
  state: StoredState,
  session: Session,
  changedSince?: string,
): Promise<void> {
  const stored = state.storedId === undefined ? undefined : await storeOf(c).load(state.storedId);
  // Gone (removed, or replaced by a record of another session under the same id): nothing to write on top of.
  if (!stored || stored.createdAt !== session.createdAt) throw new SessionConflictError(1);
  const base = changedSince ? ((JSON.parse(changedSince) as Session).data ?? {}) : undefined;
  const mine = { ...session.data };
  for (const key of Object.keys(session.data)) delete session.data[key];
  Object.assign(session.data, stored.data);
  if (base) applyChanges(session.data, base, mine);
  session.flash = stored.flash;
  state.version = stored.version;
  state.storedUser = stored.user;
}

// Sets on `target` the top-level keys `after` changed or added since
// `before`, and deletes those it removed.
function applyChanges(target: SessionData, before: SessionData, after: SessionData): void {
  for (const key of Object.keys(after)) {
    if (!Object.hasOwn(before, key) || JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      target[key] = after[key];
  }
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) delete target[key];
}

/** Deletes the stored record the request loaded or wrote (on `clear()`). */
export async function removeStored(c: ResolvedSessionConfig, state: StoredState): Promise<void> {
  const id = state.storedId;
  state.storedId = undefined;
  state.version = 0;
  state.pointerJson = undefined;
  state.storedUser = undefined;
  if (id !== undefined) await storeOf(c).remove(id);
}
