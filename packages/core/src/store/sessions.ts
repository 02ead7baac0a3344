import { OptionsInvalidError, SessionConflictError } from "../errors";
import { type SessionStorage, segment, TimedStore } from "./storage";

/** Options of `createSessionStore`. */
export interface SessionStoreOptions {
  /**
   * Where session records live: an unstorage instance every server shares
   * (Redis, KV, Nitro's `useStorage("sessions")`). The default keeps them in
   * this process's memory (`memoryStorage()`).
   */
  storage?: SessionStorage;
  /** Prefix of the keys written. @default "sealed-session:store" */
  prefix?: string;
  /**
   * How many times a write starts again when another request of the same
   * session wrote between this one's read and its write. @default 3
   */
  retries?: number;
}

/** A session as the store keeps it (the cookie only names it). */
export interface StoredSession {
  readonly data: Record<string, unknown>;
  readonly flash?: Record<string, unknown>;
  /** In milliseconds since the epoch. */
  readonly createdAt: number;
  /** In milliseconds since the epoch. */
  readonly lastSeenAt?: number;
  /** The session's user (`userKey`), for the device list. */
  readonly user?: string;
  /** Bumped by every write: what a write checks to see that nothing changed under it. */
  readonly version: number;
}

/** One session of a user, as `list(user)` gives it ("your devices"). */
export interface StoredSessionSummary {
  readonly id: string;
  /** In milliseconds since the epoch. */
  readonly createdAt: number;
  /** In milliseconds since the epoch, when last written. */
  readonly lastSeenAt: number | undefined;
  /** When the store forgets it, in milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Sessions kept in a store: the session config's `store`, and what an app asks of it. */
export interface SessionStore {
  /** Write attempts after a conflict. */
  readonly retries: number;
  /** The stored session `id`, or `undefined`. Throws `StoreUnavailableError`. */
  load(id: string): Promise<StoredSession | undefined>;
  /**
   * Writes session `id` if its stored version is still `expected` (0: not
   * stored yet), to be kept until `expiresAt` (ms since the epoch). Resolves
   * to the new version; throws `SessionConflictError` when another write got
   * there first.
   * The check and the write are atomic on Redis (a Lua script); on other
   * drivers they are two calls, serialized within this process, so only
   * writes of one session from two servers within one store round trip are
   * not told apart. `previousUser`, the user it was stored under (as loaded),
   * moves the device-list entry when the user changes.
   */
  save(id: string, session: Omit<StoredSession, "version">, expected: number, expiresAt: number, previousUser?: string): Promise<number>;
  /** Deletes session `id` (its cookie then names nothing: a fresh session starts). */
  remove(id: string): Promise<void>;
  /** The live sessions of `user`, oldest first. */
  list(user: string): Promise<StoredSessionSummary[]>;
  /** Deletes every session of `user`; resolves to how many there were. */
  removeAll(user: string): Promise<number>;
}

/**
 * A store of sessions for the session config's `store` option: the cookie
 * then holds only the sealed id, so a session may be as large as the store
 * allows, listed per user and deleted.
 *
 * @example
 * ```ts
 * const store = createSessionStore({ storage: useStorage("sessions") });
 * app.use(session({ password, store, userKey: (data) => data.userId }));
 * const devices = await store.list(userId);
 * ```
 */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const retries = options.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) {
    throw new OptionsInvalidError("store retries must be a whole number from 0 to 100 (3 = a write starts over up to 3 times).");
  }
  const store = new TimedStore(options.storage);
  const prefix = options.prefix ?? "sealed-session:store";
  const recordKey = (id: string) => `${prefix}:session:${segment(id)}`;
  const userBase = (user: string) => `${prefix}:user:${segment(user)}:`;
  type Entry = { createdAt: number; lastSeenAt: number | undefined; expiresAt: number };
  const summaries = async (user: string, now: number) => {
    const base = userBase(user);
    const keys = await store.keys(base);
    const found: StoredSessionSummary[] = [];
    for (const key of keys) {
      const entry = await store.get<Entry>(key, now);
      if (entry) found.push({ id: decodeURIComponent(key.slice(key.lastIndexOf(":") + 1)), ...entry });
    }
    return found.sort((a, b) => a.createdAt - b.createdAt);
  };
  return {
    retries,
    load: (id) => store.get<StoredSession>(recordKey(id), Date.now()),
    async save(id, session, expected, expiresAt, previousUser) {
      const now = Date.now();
      const version = expected + 1;
      if (!(await store.setIfVersion(recordKey(id), expected, { ...session, version }, expiresAt, now))) throw new SessionConflictError(1);
      if (previousUser !== undefined && previousUser !== session.user) await store.remove(`${userBase(previousUser)}${segment(id)}`);
      if (session.user !== undefined) {
        const entry: Entry = { createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, expiresAt };
        await store.set(`${userBase(session.user)}${segment(id)}`, entry, expiresAt, now);
      }
      return version;
    },
    async remove(id) {
      const now = Date.now();
      const current = await store.get<StoredSession>(recordKey(id), now);
      await store.remove(recordKey(id));
      if (current?.user !== undefined) await store.remove(`${userBase(current.user)}${segment(id)}`);
    },
    list: (user) => summaries(user, Date.now()),
    async removeAll(user) {
      const found = await summaries(user, Date.now());
      for (const { id } of found) {
        await store.remove(recordKey(id));
        await store.remove(`${userBase(user)}${segment(id)}`);
      }
      return found.length;
    },
  };
}
