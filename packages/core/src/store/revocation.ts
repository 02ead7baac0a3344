/**
 * @module `createRevocation`: revoked ids and per-user generations in a shared
 * storage, each server caching what it read for `cacheMs`.
 */
import { MAX_COOKIE_AGE } from "../cookie/chunked";
import { OptionsInvalidError, SessionConflictError } from "../errors";
import { Lru } from "../seal/lru";
import { idSegment, namespaceOf, sessionUser, type UserKey, userSegment } from "./keys";
import { checkAtomic, type SessionStorage, versionOf } from "./storage";
import { TimedStore, timeoutOption } from "./timed";

/** Options of `createRevocation`. */
export interface RevocationOptions {
  /**
   * Where revocations are kept. On a fleet, a storage every server shares with
   * an atomic write (`redisStorage(redis)`); any unstorage instance with
   * `singleProcess: true`. The default keeps them in this process's memory
   * (`memoryStorage()`): enough to try, not a fleet.
   */
  storage?: SessionStorage;
  /**
   * One process serves every request: a `storage` without `compareAndSet` is
   * then accepted. It is refused otherwise (`ERR_OPTIONS_INVALID`). @default false
   */
  singleProcess?: boolean;
  /**
   * Prefix of the keys written, under which revocations keep their own
   * `<prefix>:revoked:` key space (a store on the same prefix keeps
   * `<prefix>:store:`). @default "sealed-session"
   */
  prefix?: string;
  /** How long one store call may take, in milliseconds, before it fails with `ERR_STORE_UNAVAILABLE`. @default 1000 */
  timeoutMs?: number;
  /**
   * How long, in milliseconds, a server trusts what it last read for a session
   * or a user: the longest a revocation made on one server takes to be honoured
   * on every other. 0 reads the store on every request. @default 1000
   */
  cacheMs?: number;
  /**
   * How long a revoked id is kept, in seconds: at least as long as a session
   * can live (its `maxAge`). A user's generation (`revokeAll`) is kept for
   * good. @default 34560000 (400 days, the longest a browser keeps a cookie)
   */
  ttl?: number;
  /**
   * What a read does when the store cannot answer: `"closed"` refuses the
   * session (a fresh one starts), `"open"` keeps it. Either way `onError` is
   * told (`ERR_STORE_UNAVAILABLE`). @default "closed"
   */
  onStoreError?: "closed" | "open";
}

/** Revocations shared by every server: `revoke(id)`, `revokeAll(user)`, and the check each session read makes. */
export interface Revocation {
  /** The longest a revocation takes to reach every server, in milliseconds. */
  readonly cacheMs: number;
  /** What a read does when the store fails. */
  readonly onStoreError: "closed" | "open";
  /** Revokes one session by id (a copied cookie of it is refused from now on). */
  revoke(sessionId: string): Promise<void>;
  /**
   * Revokes every session of `user` signed in until now ("sign out
   * everywhere"); sessions signed in later are not affected. No clock is
   * compared: each user has a generation in the store, which this bumps, and
   * a session carries the generation it was signed in under. Throws
   * `OptionsInvalidError` for `""` or a value that is not a user key.
   */
  revokeAll(user: UserKey): Promise<void>;
  /**
   * The generation of `user` as the store holds it now (not cached): what a
   * session signed in now is stamped with. `undefined` for no user.
   */
  generation(user: unknown): Promise<number | undefined>;
  /**
   * What revoked a session, or `undefined`: `"session"` (its id) or `"user"`
   * (stamped with a generation of its user older than the store's). Throws
   * `StoreUnavailableError` when the store fails.
   */
  check(
    session: { readonly id: string; readonly generation?: number },
    user: unknown,
  ): Promise<"session" | "user" | undefined>;
}

/**
 * Revocation for sealed sessions: the cookie stays the session, and every read
 * also asks whether its id or its user was revoked. Answers are cached per
 * server for `cacheMs`, so the check costs a map lookup on most requests and
 * one store read per session and user per `cacheMs` otherwise. No server's
 * clock decides anything: servers whose clocks disagree by seconds revoke,
 * and sign in, exactly alike.
 *
 * @example
 * ```ts
 * const revocation = createRevocation({ storage: redisStorage(new Redis(url)) }); // ioredis
 * app.use(session({ password, revocation, userKey: (data) => data.userId }));
 * // "sign out everywhere":
 * await revocation.revokeAll(userId);
 * ```
 */
export function createRevocation(options: RevocationOptions = {}): Revocation {
  const { cacheMs, ttl, onStoreError } = checkedOptions(options);
  const store = new TimedStore(options.storage, timeoutOption(options.timeoutMs));
  const space = namespaceOf(options.prefix, "revoked");
  const reads = new Reads(store, cacheMs);
  const sessionKey = (id: string) => `${space}:session:${idSegment(id)}`;
  const userKey = (user: string) => `${space}:user:${user}`;
  return {
    cacheMs,
    onStoreError,
    async revoke(sessionId) {
      const now = Date.now();
      await store.set(sessionKey(sessionId), { version: 1 }, now + ttl * 1000, now);
      reads.know(sessionKey(sessionId), now, 1);
    },
    revokeAll: async (user) =>
      bumpGeneration(store, reads, userKey(userSegment(user, "revokeAll"))),
    async generation(user) {
      const segment = sessionUser(user);
      return segment === undefined ? undefined : reads.read(userKey(segment), Date.now());
    },
    async check(session, user) {
      const now = Date.now();
      const segment = sessionUser(user);
      const [byId, generation] = await Promise.all([
        reads.cached(sessionKey(session.id), now),
        segment === undefined ? 0 : reads.cached(userKey(segment), now),
      ]);
      if (byId !== 0) return "session";
      return (session.generation ?? 0) < generation ? "user" : undefined;
    },
  };
}

// What this server last read, per key, and when: concurrent reads of a key
// share one, and a read older than `cacheMs` is done again.
class Reads {
  readonly #seen = new Lru<string, { at: number; read: Promise<number> }>(10_000);
  constructor(
    private readonly store: TimedStore,
    private readonly cacheMs: number,
  ) {}

  /** The version at `key` as the store holds it now (remembered for `cacheMs`). */
  read(key: string, now: number): Promise<number> {
    const read = this.store.get<{ version?: unknown }>(key, now).then(versionOf);
    this.#seen.set(key, { at: now, read });
    read.catch(() => this.#seen.delete(key));
    return read;
  }

  /** The version at `key`, from what was read within `cacheMs` if anything. */
  cached(key: string, now: number): Promise<number> {
    const known = this.#seen.get(key);
    return known && now - known.at < this.cacheMs ? known.read : this.read(key, now);
  }

  /** Remembers a version this server wrote. */
  know(key: string, now: number, version: number): void {
    this.#seen.set(key, { at: now, read: Promise.resolve(version) });
  }
}

// Bumps a user's generation by compare-and-set until the bump lands: two
// servers revoking at once both count.
async function bumpGeneration(store: TimedStore, reads: Reads, key: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const now = Date.now();
    const current = await reads.read(key, now);
    const next = { version: current + 1 };
    if (await store.setIfVersion(key, current, next, now + GENERATION_LIFE_MS, now)) {
      reads.know(key, now, current + 1);
      return;
    }
    if (attempt >= 20) throw new SessionConflictError(attempt + 1);
  }
}

// A user's generation outlives every session stamped with it: it is never
// meant to expire (one small key per user ever signed out everywhere).
const GENERATION_LIFE_MS = 100 * 365 * 86_400_000;

// The options, checked (each mistake says how to fix it), with their defaults.
function checkedOptions(options: RevocationOptions) {
  const cacheMs = options.cacheMs ?? 1000;
  const ttl = options.ttl ?? MAX_COOKIE_AGE;
  const onStoreError = options.onStoreError ?? "closed";
  if (!Number.isInteger(cacheMs) || cacheMs < 0)
    throw new OptionsInvalidError(
      "revocation cacheMs must be a whole number of milliseconds ≥ 0 (1000 = a revocation reaches every server within a second).",
    );
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new OptionsInvalidError(
      "revocation ttl must be a whole number of seconds > 0, at least the sessions' maxAge.",
    );
  if (onStoreError !== "closed" && onStoreError !== "open")
    throw new OptionsInvalidError('revocation onStoreError must be "closed" or "open".');
  checkAtomic(options.storage, options.singleProcess, "createRevocation");
  return { cacheMs, ttl, onStoreError };
}
