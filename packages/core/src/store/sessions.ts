/**
 * @module `createSessionStore`: store-mode sessions — a record per id with a
 * version, an index per user, writes checked against the version.
 */
import { OptionsInvalidError } from "../errors";
import { namespaceOf, type UserKey, userSegment } from "./keys";
import { Records, type StoredSession, type StoredSessionSummary } from "./records";
import { checkAtomic, type SessionStorage } from "./storage";
import { TimedStore, timeoutOption } from "./timed";

/** Options of `createSessionStore`. */
export interface SessionStoreOptions {
  /**
   * Where session records live. On a fleet, a storage every server shares
   * with an atomic write (`redisStorage(redis)`); any unstorage instance
   * (Nitro's `useStorage("sessions")`, a file or KV driver) with
   * `singleProcess: true`. The default keeps them in this process's memory
   * (`memoryStorage()`).
   */
  storage?: SessionStorage;
  /**
   * One process serves every request: a `storage` without `compareAndSet` is
   * then accepted, its writes of one session serialized in this process. A
   * storage without it is refused otherwise (`ERR_OPTIONS_INVALID`).
   * @default false
   */
  singleProcess?: boolean;
  /**
   * Prefix of the keys written, under which the store keeps its own
   * `<prefix>:store:` key space (a revocation list on the same prefix keeps
   * `<prefix>:revoked:`). Apps sharing one storage need prefixes of their own.
   * To reach a Nitro mount, start with its base (`"sessions:myapp"`).
   * @default "sealed-session"
   */
  prefix?: string;
  /**
   * How many times a write starts again, after a pause that grows with each
   * try (with jitter), when another request of the same session wrote between
   * this one's read and its write. @default 8
   */
  retries?: number;
  /** How long one store call may take, in milliseconds, before it fails with `ERR_STORE_UNAVAILABLE`. @default 1000 */
  timeoutMs?: number;
}

/** Sessions kept in a store: the session config's `store`, and what an app asks of it. */
export interface SessionStore {
  /** Write attempts after a conflict. */
  readonly retries: number;
  /**
   * The stored session `id`, or `undefined`. Throws `StoreUnavailableError`,
   * and `SessionInvalidError` when what is stored there is not a session.
   */
  load(id: string): Promise<StoredSession | undefined>;
  /**
   * Writes session `id` if its stored version is still `expected` (0: not
   * stored yet), to be kept until `expiresAt` (ms since the epoch). Resolves
   * to the new version; throws `SessionConflictError` when another write got
   * there first.
   * The check and the write are one atomic step with the storage's
   * `compareAndSet` (`redisStorage`: a Lua script); a `singleProcess` store
   * without it serializes them in this process with every write and removal
   * of the session. `previousUser`,
   * the user it was stored under (as loaded), moves the device-list entry
   * when the user changes.
   */
  save(
    id: string,
    session: Omit<StoredSession, "version">,
    expected: number,
    expiresAt: number,
    previousUser?: string,
  ): Promise<number>;
  /** Deletes session `id` (its cookie then names nothing: a fresh session starts). */
  remove(id: string): Promise<void>;
  /** The live sessions of `user` (a non-empty string or a number, as `userKey` gives it), oldest first. */
  list(user: UserKey): Promise<StoredSessionSummary[]>;
  /** Deletes every session of `user`; resolves to how many there were. */
  removeAll(user: UserKey): Promise<number>;
}

/**
 * A store of sessions for the session config's `store` option: the cookie
 * then holds only the sealed id, so a session may be as large as the store
 * allows, listed per user and deleted.
 *
 * @example
 * ```ts
 * const store = createSessionStore({ storage: redisStorage(new Redis(url)) }); // ioredis
 * app.use(session({ password, store, userKey: (data) => data.userId }));
 * const devices = await store.list(userId);
 * ```
 */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const retries = options.retries ?? 8;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) {
    throw new OptionsInvalidError(
      "store retries must be a whole number from 0 to 100 (8 = a write starts over up to 8 times).",
    );
  }
  checkAtomic(options.storage, options.singleProcess, "createSessionStore");
  const store = new TimedStore(options.storage, timeoutOption(options.timeoutMs));
  const records = new Records(store, namespaceOf(options.prefix, "store"));
  return {
    retries,
    load: (id) => records.load(id, Date.now()),
    save: (id, session, expected, expiresAt, previousUser) =>
      records.save(id, session, expected, expiresAt, previousUser),
    remove: (id) => records.remove(id),
    list: async (user) => records.summaries(userSegment(user, "store.list"), Date.now()),
    async removeAll(user) {
      const segment = userSegment(user, "store.removeAll");
      const found = await records.summaries(segment, Date.now());
      for (const { id } of found) await records.drop(id, segment);
      return found.length;
    },
  };
}
