/**
 * @module `KeyCache`: derived keys remembered per secret, options and salt, with
 * the salts this process sealed with and the tokens it verified; bounded.
 */
import { OptionsInvalidError } from "../errors";
import type { Key } from "./crypto";
import { Lru } from "./lru";
import { type AnyKeyOptions, importRaw, SecretKeys, type VerifiedToken } from "./secret-keys";

/** Sizes of a `KeyCache`. */
export interface KeyCacheOptions {
  /** How many distinct password strings keep their keys. @default 64 */
  maxSecrets?: number;
  /** How many derived keys each password keeps (one per salt, algorithm and iteration count). @default 1024 */
  maxKeysPerSecret?: number;
  /**
   * How many verified tokens are remembered (each with its text, its JSON
   * and, once read again, that JSON parsed: a few times the session's size),
   * so that reading the same cookie again costs no cryptography; `0` turns
   * it off. @default 2048
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
 * session changes, and reading it again then costs a lookup and a copy
 * of the data parsed the first time it was read again. An entry only matches the same text, secret and options, and
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
        throw new OptionsInvalidError(
          `KeyCache ${name} must be a whole number of at least ${min}, not ${value}.`,
        );
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
