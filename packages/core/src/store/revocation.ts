import { MAX_COOKIE_AGE } from "../cookie/chunked";
import { OptionsInvalidError } from "../errors";
import { Lru } from "../seal/lru";
import { type SessionStorage, segment, TimedStore } from "./storage";

/** Options of `createRevocation`. */
export interface RevocationOptions {
  /**
   * Where revocations are kept: an unstorage instance every server shares
   * (Redis, KV, Nitro's `useStorage("revocations")`). The default keeps them in
   * this process's memory (`memoryStorage()`): enough to try, not a fleet.
   */
  storage?: SessionStorage;
  /** Prefix of the keys written. @default "sealed-session:revoked" */
  prefix?: string;
  /**
   * How long, in milliseconds, a server trusts what it last read for a session
   * or a user: the longest a revocation made on one server takes to be honoured
   * on every other. 0 reads the store on every request. @default 1000
   */
  cacheMs?: number;
  /**
   * How long a revocation is kept, in seconds: at least as long as a session
   * can live (its `maxAge`). @default 34560000 (400 days, the longest a browser keeps a cookie)
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
  /** Revokes every session of `user` created until now ("sign out everywhere"). Sessions started later are not affected. */
  revokeAll(user: string): Promise<void>;
  /**
   * What revoked a session, or `undefined`: `"session"` (its id) or `"user"`
   * (created at or before its user's last `revokeAll`). Throws
   * `StoreUnavailableError` when the store fails.
   */
  check(session: { readonly id: string; readonly createdAt: number }, user: string | undefined): Promise<"session" | "user" | undefined>;
}

/**
 * Revocation for sealed sessions: the cookie stays the session, and every read
 * also asks whether its id or its user was revoked. Answers are cached per
 * server for `cacheMs`, so the check costs a map lookup on most requests and
 * one store read per session and user per `cacheMs` otherwise.
 *
 * @example
 * ```ts
 * const revocation = createRevocation({ storage: createStorage({ driver: redisDriver({ url }) }) });
 * app.use(session({ password, revocation, userKey: (data) => data.userId }));
 * // "sign out everywhere":
 * await revocation.revokeAll(userId);
 * ```
 */
export function createRevocation(options: RevocationOptions = {}): Revocation {
  const cacheMs = options.cacheMs ?? 1000;
  const ttl = options.ttl ?? MAX_COOKIE_AGE;
  const onStoreError = options.onStoreError ?? "closed";
  if (!Number.isInteger(cacheMs) || cacheMs < 0)
    throw new OptionsInvalidError(
      "revocation cacheMs must be a whole number of milliseconds ≥ 0 (1000 = a revocation reaches every server within a second).",
    );
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new OptionsInvalidError("revocation ttl must be a whole number of seconds > 0, at least the sessions' maxAge.");
  if (onStoreError !== "closed" && onStoreError !== "open")
    throw new OptionsInvalidError('revocation onStoreError must be "closed" or "open".');
  const store = new TimedStore(options.storage);
  const prefix = options.prefix ?? "sealed-session:revoked";
  // What this server last read, per key: the time of the revocation (or
  // undefined), and when it was read. Concurrent reads of a key share one.
  const seen = new Lru<string, { at: number; read: Promise<number | undefined> }>(10_000);
  const read = (key: string, now: number): Promise<number | undefined> => {
    const known = seen.get(key);
    if (known && now - known.at < cacheMs) return known.read;
    const fetched = store.get<number>(key, now);
    seen.set(key, { at: now, read: fetched });
    fetched.catch(() => seen.delete(key));
    return fetched;
  };
  const mark = async (key: string) => {
    const now = Date.now();
    await store.set(key, now, now + ttl * 1000, now);
    seen.set(key, { at: now, read: Promise.resolve(now) });
  };
  const sessionKey = (id: string) => `${prefix}:session:${segment(id)}`;
  const userKey = (user: string) => `${prefix}:user:${segment(user)}`;
  return {
    cacheMs,
    onStoreError,
    revoke: (sessionId) => mark(sessionKey(sessionId)),
    revokeAll: (user) => mark(userKey(user)),
    async check(session, user) {
      const now = Date.now();
      const [byId, byUser] = await Promise.all([
        read(sessionKey(session.id), now),
        user === undefined ? undefined : read(userKey(user), now),
      ]);
      if (byId !== undefined) return "session";
      return byUser !== undefined && session.createdAt <= byUser ? "user" : undefined;
    },
  };
}
