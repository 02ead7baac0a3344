/**
 * @module `createSessionStore`: store-mode sessions — a record per id with a
 * version, an index per user, writes checked against the version.
 */
import { OptionsInvalidError, SessionConflictError, SessionInvalidError } from "../errors";
import { idSegment, namespaceOf, type UserKey, userSegment } from "./keys";
import { checkAtomic, DEFAULT_STORE_TIMEOUT_MS, type SessionStorage, TimedStore } from "./storage";

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

/** A session as the store keeps it (the cookie only names it). */
export interface StoredSession {
  readonly data: Record<string, unknown>;
  readonly flash?: Record<string, unknown>;
  /** In milliseconds since the epoch. */
  readonly createdAt: number;
  /** In milliseconds since the epoch. */
  readonly lastSeenAt?: number;
  /** The key segment of the session's user (`userKey`), for the device list. */
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
  save(id: string, session: Omit<StoredSession, "version">, expected: number, expiresAt: number, previousUser?: string): Promise<number>;
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
 * const store = createSessionStore({ storage: createStorage({ driver: redisDriver({ url }) }) });
 * app.use(session({ password, store, userKey: (data) => data.userId }));
 * const devices = await store.list(userId);
 * ```
 */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const retries = options.retries ?? 8;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) {
    throw new OptionsInvalidError("store retries must be a whole number from 0 to 100 (8 = a write starts over up to 8 times).");
  }
  checkAtomic(options.storage, options.singleProcess, "createSessionStore");
  const store = new TimedStore(options.storage, timeoutOption(options.timeoutMs));
  const space = namespaceOf(options.prefix, "store");
  const recordKey = (id: string) => `${space}:session:${idSegment(id)}`;
  const userBase = (user: string) => `${space}:user:${user}:`;
  type Entry = { createdAt: number; lastSeenAt: number | undefined; expiresAt: number };
  const load = async (id: string, now: number) => checkedRecord(await store.get<unknown>(recordKey(id), now));
  // A device entry whose record is gone (removed by another server mid-write) is left out, and dropped.
  const summaries = async (user: string, now: number) => {
    const base = userBase(user);
    const found: StoredSessionSummary[] = [];
    for (const key of await store.keys(base)) {
      const entry = await store.get<Entry>(key, now);
      const id = unescapeId(key.slice(base.length));
      if (!entry || id === undefined) continue;
      const record = await load(id, now).catch(() => undefined);
      if (record?.user !== user) {
        await store.remove(key).catch(() => {});
        continue;
      }
      found.push({ id, createdAt: entry.createdAt, lastSeenAt: entry.lastSeenAt, expiresAt: entry.expiresAt });
    }
    return found.sort((a, b) => a.createdAt - b.createdAt);
  };
  return {
    retries,
    load: (id) => load(id, Date.now()),
    async save(id, session, expected, expiresAt, previousUser) {
      const now = Date.now();
      const version = expected + 1;
      if (!(await store.setIfVersion(recordKey(id), expected, { ...session, version }, expiresAt, now))) throw new SessionConflictError(1);
      if (previousUser !== undefined && previousUser !== session.user) await store.remove(`${userBase(previousUser)}${idSegment(id)}`);
      if (session.user !== undefined) {
        const entry: Entry = { createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, expiresAt };
        await store.set(`${userBase(session.user)}${idSegment(id)}`, entry, expiresAt, now);
      }
      return version;
    },
    async remove(id) {
      const current = await load(id, Date.now()).catch(() => undefined);
      await store.remove(recordKey(id));
      if (current?.user !== undefined) await store.remove(`${userBase(current.user)}${idSegment(id)}`);
    },
    list: async (user) => summaries(userSegment(user, "store.list"), Date.now()),
    async removeAll(user) {
      const segment = userSegment(user, "store.removeAll");
      const found = await summaries(segment, Date.now());
      for (const { id } of found) {
        await store.remove(recordKey(id));
        await store.remove(`${userBase(segment)}${idSegment(id)}`);
      }
      return found.length;
    },
  };
}

/** The `timeoutMs` option of a store or revocation list, checked. */
export function timeoutOption(value: unknown): number {
  if (value === undefined) return DEFAULT_STORE_TIMEOUT_MS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 60_000) {
    throw new OptionsInvalidError(
      `timeoutMs is a whole number of milliseconds from 1 to 60000 (1000 = a store call gives up after a second), not ${String(value)}.`,
    );
  }
  return value;
}

// What a store read gives, checked: a session record or `undefined`; anything else is `SessionInvalidError`.
function checkedRecord(value: unknown): StoredSession | undefined {
  if (value === undefined || value === null) return undefined;
  const record = value as Partial<StoredSession>;
  const valid =
    typeof value === "object" &&
    isObject(record.data) &&
    (record.flash === undefined || isObject(record.flash)) &&
    typeof record.createdAt === "number" &&
    Number.isFinite(record.createdAt) &&
    (record.lastSeenAt === undefined || typeof record.lastSeenAt === "number") &&
    (record.user === undefined || typeof record.user === "string") &&
    typeof record.version === "number" &&
    Number.isSafeInteger(record.version) &&
    record.version >= 1;
  if (!valid) throw new SessionInvalidError("The store holds no session record under this id.");
  return record as StoredSession;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The id a device-list key segment names (see idSegment), or `undefined` for one not written by idSegment.
function unescapeId(segment: string): string | undefined {
  if (!/^(?:[A-Za-z0-9_-]|\.[0-9a-f]{4})*$/.test(segment)) return undefined;
  return segment.replace(/\.([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
