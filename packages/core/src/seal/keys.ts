/**
 * @module Keys: a token's encryption and integrity keys derived (PBKDF2) from a
 * password and a salt, or taken raw, and remembered in the key cache.
 */
import { OptionsInvalidError } from "../errors";
import type { Key } from "./crypto";
import type { SaltReuseOptions } from "./key-options";
import { Lru } from "./lru";
import type { Secret } from "./password";
import {
  type AnyKeyOptions,
  derive,
  importPassword,
  importRaw,
  randomSalt,
  type SaltedKey,
  SecretKeys,
  type VerifiedToken,
} from "./secret-keys";

/** Sizes of a `KeyCache`. */
export interface KeyCacheOptions {
  /** How many distinct password strings keep their keys. @default 64 */
  maxSecrets?: number;
  /** How many derived keys each password keeps (one per salt, algorithm and iteration count). @default 1024 */
  maxKeysPerSecret?: number;
  /**
   * How many verified tokens are remembered (about 2–3 KB each for a 1 KB
   * session), so that reading the same cookie again costs no cryptography;
   * `0` turns it off. @default 2048
   */
  maxTokens?: number;
}

// Set by KeyCache's static block: the one way into its private store.
let storeOf: (cache: KeyCache) => CacheStore;

/**
 * Where derived keys live. PBKDF2 is nearly the whole cost of an iron token,
 * so each (password, salt, iterations, algorithm) is derived once and kept in
 * a bounded LRU; each `Key` is imported once.
 *
 * A key derived while unsealing is only kept once its token has verified, so
 * a flood of forged tokens with random salts costs one derivation each and
 * never evicts the keys of genuine sessions.
 *
 * It also remembers tokens that verified (and those it sealed), by their
 * exact text: a browser sends the same cookie on every request until the
 * session changes, and reading it again then costs a lookup and a
 * `JSON.parse`. An entry only matches the same text, secret and options, and
 * expiry is still checked on every read.
 *
 * @example
 * ```ts
 * const cache = new KeyCache({ maxKeysPerSecret: 4096 });
 * await unseal(token, password, { cache });
 * ```
 */
export class KeyCache {
  readonly #store: CacheStore;

  static {
    storeOf = (cache) => cache.#store;
  }

  constructor(options: KeyCacheOptions = {}) {
    const maxSecrets = options.maxSecrets ?? 64;
    const maxKeys = options.maxKeysPerSecret ?? 1024;
    const maxTokens = options.maxTokens ?? 2048;
    for (const [name, value, min] of [
      ["maxSecrets", maxSecrets, 1],
      ["maxKeysPerSecret", maxKeys, 1],
      ["maxTokens", maxTokens, 0],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < min)
        throw new OptionsInvalidError(`KeyCache ${name} must be a whole number of at least ${min}, not ${value}.`);
    }
    this.#store = new CacheStore(maxSecrets, maxKeys, maxTokens);
  }

  /** How many passwords, derived keys and verified tokens are held now (for monitoring and tests). */
  get size(): { secrets: number; keys: number; tokens: number } {
    return this.#store.size();
  }

  /** Drops every key and token. */
  clear(): void {
    this.#store.clear();
  }
}

// What a KeyCache holds, reachable only inside core (through `cacheStore`),
// so none of it is in the public types.
class CacheStore {
  readonly #secrets: Lru<string, SecretKeys>;
  readonly #raw = new WeakMap<Uint8Array, Map<string, Promise<Key>>>();
  readonly #tokens: Lru<string, VerifiedToken> | undefined;
  readonly #maxKeys: number;

  constructor(maxSecrets: number, maxKeys: number, maxTokens: number) {
    this.#secrets = new Lru(maxSecrets);
    this.#tokens = maxTokens > 0 ? new Lru(maxTokens) : undefined;
    this.#maxKeys = maxKeys;
  }

  size(): { secrets: number; keys: number; tokens: number } {
    let keys = 0;
    for (const entry of this.#secrets.values()) keys += entry.derived.size;
    return { secrets: this.#secrets.size, keys, tokens: this.#tokens?.size ?? 0 };
  }

  clear(): void {
    this.#secrets.clear();
    this.#tokens?.clear();
  }

  /** A verified token by its MAC. */
  recall(mac: string): VerifiedToken | undefined {
    return this.#tokens?.get(mac);
  }

  remember(mac: string, token: VerifiedToken): void {
    this.#tokens?.set(mac, token);
  }

  /** The keys kept for one password string. */
  secret(secret: string): SecretKeys {
    let entry = this.#secrets.get(secret);
    if (!entry) this.#secrets.set(secret, (entry = new SecretKeys(secret, this.#maxKeys)));
    return entry;
  }

  /** A raw key imported once per algorithm. */
  raw(secret: Uint8Array, algorithm: AnyKeyOptions["algorithm"]): Promise<Key> {
    let byAlgorithm = this.#raw.get(secret);
    if (!byAlgorithm) this.#raw.set(secret, (byAlgorithm = new Map()));
    let key = byAlgorithm.get(algorithm);
    if (!key) {
      byAlgorithm.set(algorithm, (key = importRaw(secret, algorithm)));
      key.catch(() => byAlgorithm.delete(algorithm));
    }
    return key;
  }
}

/** What `cache` holds: for the sealing code only, never exported from an entry point. */
export function cacheStore(cache: KeyCache): CacheStore {
  return storeOf(cache);
}

/** The cache `seal` and `unseal` use unless given another one (or `cache: false`). */
export const defaultKeyCache: KeyCache = /* @__PURE__ */ new KeyCache();

/** What sealing needs beyond the key options. */
export interface SealingContext {
  readonly cache: KeyCache | false;
  readonly saltReuse: Readonly<Required<SaltReuseOptions>> | false;
  /** The current time, in milliseconds since the epoch. */
  readonly now: number;
}

/** The key (and salt) that seals the next token. */
export function sealingKey(secret: Secret, options: AnyKeyOptions, context: SealingContext): Promise<SaltedKey> {
  if (typeof secret !== "string") return rawKey(secret, options, context.cache);
  if (context.cache && context.saltReuse)
    return cacheStore(context.cache).secret(secret).windowKey(options, context.saltReuse, context.now);
  const salt = randomSalt(options.saltBits);
  const keys = context.cache ? cacheStore(context.cache).secret(secret) : undefined;
  const key = keys ? keys.derive(options, salt) : derive(importPassword(secret), options, salt);
  return key.then((k) => {
    keys?.remember(options, salt, k);
    return { key: k, salt };
  });
}

/**
 * The key for a token's salt. `fresh` is true when it was derived for this
 * call; pass it to `rememberKey` once the token has verified.
 */
export async function unsealingKey(
  secret: Secret,
  options: AnyKeyOptions,
  salt: string,
  cache: KeyCache | false,
): Promise<{ key: Key; fresh: boolean }> {
  if (typeof secret !== "string") return { key: (await rawKey(secret, options, cache)).key, fresh: false };
  if (!cache) return { key: await derive(importPassword(secret), options, salt), fresh: true };
  const keys = cacheStore(cache).secret(secret);
  const cached = keys.lookup(options, salt);
  return cached ? { key: cached, fresh: false } : { key: await keys.derive(options, salt), fresh: true };
}

/**
 * The key for a token's salt when it needs no derivation (a raw key, or one
 * in the cache); `undefined` otherwise. Never derives.
 */
export function knownKey(secret: Secret, options: AnyKeyOptions, salt: string, cache: KeyCache | false): Promise<Key> | undefined {
  if (typeof secret !== "string") return cache ? cacheStore(cache).raw(secret, options.algorithm) : importRaw(secret, options.algorithm);
  const key = cache ? cacheStore(cache).secret(secret).lookup(options, salt) : undefined;
  return key && Promise.resolve(key);
}

/**
 * `true` when `salt` is a window salt this password issued (see `saltReuse`):
 * one HMAC at most, never a key derivation. Raw keys have no salts.
 */
export function isOwnSalt(secret: Secret, options: AnyKeyOptions, salt: string, cache: KeyCache): Promise<boolean> {
  return typeof secret === "string" ? cacheStore(cache).secret(secret).ownsSalt(options, salt) : Promise.resolve(salt === "");
}

/** Keeps a key derived for a token that has proved genuine. */
export function rememberKey(cache: KeyCache | false, secret: Secret, options: AnyKeyOptions, salt: string, key: Key): void {
  if (cache && typeof secret === "string") cacheStore(cache).secret(secret).remember(options, salt, key);
}

async function rawKey(secret: Uint8Array, options: AnyKeyOptions, cache: KeyCache | false): Promise<SaltedKey> {
  return { key: await (cache ? cacheStore(cache).raw(secret, options.algorithm) : importRaw(secret, options.algorithm)), salt: "" };
}
