/**
 * @module Where a secret's keys come from: one `KeySource` per kind of secret
 * (a password with the key cache, a password without it, a raw key), so the
 * sealer asks for a key without knowing which.
 */
import type { Key } from "./crypto";
import { cacheStore, type KeyCache } from "./key-cache";
import type { SaltReuseOptions } from "./key-options";
import type { Secret } from "./password";
import {
  type AnyKeyOptions,
  derive,
  importPassword,
  importRaw,
  randomSalt,
  type SaltedKey,
} from "./secret-keys";

/** The keys of one secret, for sealing and for unsealing. */
export interface KeySource {
  /** The key (and salt) that seals the next token; `now` in milliseconds since the epoch. */
  sealing(
    options: AnyKeyOptions,
    reuse: Readonly<Required<SaltReuseOptions>> | false,
    now: number,
  ): Promise<SaltedKey>;
  /** The key for a token's salt; `fresh` when derived for this call (`remember` it once the token verifies). */
  unsealing(options: AnyKeyOptions, salt: string): Promise<{ key: Key; fresh: boolean }>;
  /** The key for a salt when it needs no derivation (a raw key, or a cached one); never derives. */
  known(options: AnyKeyOptions, salt: string): Promise<Key> | undefined;
  /** `true` when `salt` is a window salt this secret issued (see `saltReuse`): one HMAC at most. */
  ownsSalt(options: AnyKeyOptions, salt: string): Promise<boolean>;
  /** Keeps a key derived for a token that has proved genuine. */
  remember(options: AnyKeyOptions, salt: string, key: Key): void;
}

/** The key sources of a token's two secrets. */
export interface KeyPair {
  readonly encryption: KeySource;
  readonly integrity: KeySource;
}

/**
 * The source of `secret`'s keys under `cache`. Looked up on every call rather
 * than held, so that `KeyCache.clear()` takes effect at once.
 */
export function keySource(secret: Secret, cache: KeyCache | false): KeySource {
  if (typeof secret !== "string") return new RawKey(secret, cache);
  return cache ? cacheStore(cache).secret(secret) : new UncachedPassword(secret);
}

// A password with the cache off: a fresh salt and a derivation every time.
class UncachedPassword implements KeySource {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  async sealing(options: AnyKeyOptions): Promise<SaltedKey> {
    const salt = randomSalt(options.saltBits);
    return { key: await derive(importPassword(this.#secret), options, salt), salt };
  }

  async unsealing(options: AnyKeyOptions, salt: string): Promise<{ key: Key; fresh: boolean }> {
    return { key: await derive(importPassword(this.#secret), options, salt), fresh: true };
  }

  known(): undefined {
    return undefined;
  }

  ownsSalt(): Promise<boolean> {
    return Promise.resolve(false); // onlyOwnSalts needs the cache (resolveOptions says so)
  }

  remember(): void {}
}

// A raw key: used as it is, with no salt; imported once per algorithm when cached.
class RawKey implements KeySource {
  readonly #secret: Uint8Array;
  readonly #cache: KeyCache | false;

  constructor(secret: Uint8Array, cache: KeyCache | false) {
    this.#secret = secret;
    this.#cache = cache;
  }

  async sealing(options: AnyKeyOptions): Promise<SaltedKey> {
    return { key: await this.#key(options), salt: "" };
  }

  async unsealing(options: AnyKeyOptions): Promise<{ key: Key; fresh: boolean }> {
    return { key: await this.#key(options), fresh: false };
  }

  known(options: AnyKeyOptions): Promise<Key> {
    return this.#key(options);
  }

  ownsSalt(_options: AnyKeyOptions, salt: string): Promise<boolean> {
    return Promise.resolve(salt === "");
  }

  remember(): void {}

  #key(options: AnyKeyOptions): Promise<Key> {
    return this.#cache
      ? cacheStore(this.#cache).raw(this.#secret, options.algorithm)
      : importRaw(this.#secret, options.algorithm);
  }
}
