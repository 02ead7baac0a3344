import { getRandomValues, subtle } from "uncrypto";
import { type EncryptionAlgorithm, type IntegrityAlgorithm, importParams } from "./_algorithms";
import { encodeHex } from "./_base64";
import { Lru } from "./_lru";
import { OptionsInvalidError } from "./errors";
import type { KeyOptions, SaltReuseOptions } from "./options";
import type { Secret } from "./password";

type AnyKeyOptions = Readonly<KeyOptions<EncryptionAlgorithm | IntegrityAlgorithm>>;

/** Sizes of a `KeyCache`. */
export interface KeyCacheOptions {
  /** How many distinct password strings keep their keys. @default 64 */
  maxSecrets?: number;
  /** How many derived keys each password keeps (one per salt, algorithm and iteration count). @default 1024 */
  maxKeysPerSecret?: number;
}

/** A key ready for one token, and the salt written beside it. */
export interface SaltedKey {
  readonly key: CryptoKey;
  readonly salt: string;
}

/**
 * Where derived keys live. PBKDF2 is nearly the whole cost of an iron token,
 * so each (password, salt, iterations, algorithm) is derived once and kept in
 * a bounded LRU; each `CryptoKey` is imported once.
 *
 * A key derived while unsealing is only kept once its token has verified, so
 * a flood of forged tokens with random salts costs one derivation each and
 * never evicts the keys of genuine sessions.
 *
 * @example
 * ```ts
 * const cache = new KeyCache({ maxKeysPerSecret: 4096 });
 * await unseal(token, password, { cache });
 * ```
 */
export class KeyCache {
  readonly #secrets: Lru<string, SecretKeys>;
  readonly #raw = new WeakMap<Uint8Array, Map<string, Promise<CryptoKey>>>();
  readonly #maxKeys: number;

  constructor(options: KeyCacheOptions = {}) {
    const maxSecrets = options.maxSecrets ?? 64;
    const maxKeys = options.maxKeysPerSecret ?? 1024;
    for (const [name, value] of [
      ["maxSecrets", maxSecrets],
      ["maxKeysPerSecret", maxKeys],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 1)
        throw new OptionsInvalidError(`KeyCache ${name} must be a whole number of at least 1, not ${value}.`);
    }
    this.#secrets = new Lru(maxSecrets);
    this.#maxKeys = maxKeys;
  }

  /** How many passwords and derived keys are held now (for monitoring and tests). */
  get size(): { secrets: number; keys: number } {
    let keys = 0;
    for (const entry of this.#secrets.values()) keys += entry.derived.size;
    return { secrets: this.#secrets.size, keys };
  }

  /** Drops every key. */
  clear(): void {
    this.#secrets.clear();
  }

  /** @internal */
  _secret(secret: string): SecretKeys {
    let entry = this.#secrets.get(secret);
    if (!entry) this.#secrets.set(secret, (entry = new SecretKeys(secret, this.#maxKeys)));
    return entry;
  }

  /** @internal */
  _raw(secret: Uint8Array, algorithm: AnyKeyOptions["algorithm"]): Promise<CryptoKey> {
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
  if (context.cache && context.saltReuse) return context.cache._secret(secret).windowKey(options, context.saltReuse, context.now);
  const salt = randomSalt(options.saltBits);
  const keys = context.cache ? context.cache._secret(secret) : undefined;
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
): Promise<{ key: CryptoKey; fresh: boolean }> {
  if (typeof secret !== "string") return { key: (await rawKey(secret, options, cache)).key, fresh: false };
  if (!cache) return { key: await derive(importPassword(secret), options, salt), fresh: true };
  const keys = cache._secret(secret);
  const cached = keys.lookup(options, salt);
  return cached ? { key: cached, fresh: false } : { key: await keys.derive(options, salt), fresh: true };
}

/**
 * The key for a token's salt when it needs no derivation (a raw key, or one
 * in the cache); `undefined` otherwise. Never derives.
 */
export function knownKey(secret: Secret, options: AnyKeyOptions, salt: string, cache: KeyCache | false): Promise<CryptoKey> | undefined {
  if (typeof secret !== "string") return cache ? cache._raw(secret, options.algorithm) : importRaw(secret, options.algorithm);
  const key = cache ? cache._secret(secret).lookup(options, salt) : undefined;
  return key && Promise.resolve(key);
}

/**
 * `true` when `salt` is a window salt this password issued (see `saltReuse`):
 * one HMAC at most, never a key derivation. Raw keys have no salts.
 */
export function isOwnSalt(secret: Secret, options: AnyKeyOptions, salt: string, cache: KeyCache): Promise<boolean> {
  return typeof secret === "string" ? cache._secret(secret).ownsSalt(options, salt) : Promise.resolve(salt === "");
}

/** Keeps a key derived for a token that has proved genuine. */
export function rememberKey(cache: KeyCache | false, secret: Secret, options: AnyKeyOptions, salt: string, key: CryptoKey): void {
  if (cache && typeof secret === "string") cache._secret(secret).remember(options, salt, key);
}

interface SealWindow {
  readonly index: number;
  readonly generation: number;
  uses: number;
  readonly key: Promise<SaltedKey>;
}

/** Everything kept for one password string. */
class SecretKeys {
  readonly derived: Lru<string, CryptoKey>;
  readonly #secret: string;
  readonly #pending = new Map<string, Promise<CryptoKey>>();
  readonly #windows = new Lru<string, SealWindow>(16);
  readonly #salts = new Lru<string, Promise<string>>(256);
  #base: Promise<CryptoKey> | undefined;
  #saltKey: Promise<CryptoKey> | undefined;

  constructor(secret: string, maxKeys: number) {
    this.#secret = secret;
    this.derived = new Lru(maxKeys);
  }

  lookup(options: AnyKeyOptions, salt: string): CryptoKey | undefined {
    return this.derived.get(cacheKey(options, salt));
  }

  remember(options: AnyKeyOptions, salt: string, key: CryptoKey): void {
    this.derived.set(cacheKey(options, salt), key);
  }

  /** Derives (or finds) a key without keeping it: concurrent calls for one salt share one derivation. */
  derive(options: AnyKeyOptions, salt: string): Promise<CryptoKey> {
    const id = cacheKey(options, salt);
    const cached = this.derived.get(id);
    if (cached) return Promise.resolve(cached);
    let pending = this.#pending.get(id);
    if (!pending) {
      pending = derive(this.#basekey(), options, salt);
      this.#pending.set(id, pending);
      const done = () => this.#pending.delete(id);
      pending.then(done, done);
    }
    return pending;
  }

  windowKey(options: AnyKeyOptions, reuse: Required<SaltReuseOptions>, now: number): Promise<SaltedKey> {
    const id = `${options.algorithm}:${options.iterations}:${options.saltBits}`;
    const index = Math.floor(now / (reuse.windowSec * 1000));
    let window = this.#windows.get(id);
    if (!window || window.index !== index || window.uses >= reuse.maxUses) {
      const generation = window?.index === index ? window.generation + 1 : 0;
      const key = this.#openWindow(options, index, generation);
      const opened: SealWindow = { index, generation, uses: 0, key };
      this.#windows.set(id, opened);
      key.catch(() => this.#windows.get(id) === opened && this.#windows.delete(id));
      window = opened;
    }
    window.uses++;
    return window.key;
  }

  // A window's salt names its window and carries an HMAC of it under a key
  // derived from the password: every server sharing the password seals with
  // the same salts (each derives a window's keys once), and a salt can be
  // recognised as ours with one HMAC and no key derivation. The salt key goes
  // through PBKDF2 too: a salt must be no cheaper an oracle for guessing the
  // password than the token's MAC is. Salts are opaque strings to iron, so
  // other implementations still read these tokens.
  async #openWindow(options: AnyKeyOptions, index: number, generation: number): Promise<SaltedKey> {
    const salt = await this.#windowSalt(options, index, generation);
    const key = await this.derive(options, salt);
    this.remember(options, salt, key);
    return { key, salt };
  }

  /** `true` when `salt` is a window salt this password issued for these key options. */
  async ownsSalt(options: AnyKeyOptions, salt: string): Promise<boolean> {
    const match = WINDOW_SALT.exec(salt);
    if (!match) return false;
    return (await this.#windowSalt(options, Number(match[1]), Number(match[2]))) === salt;
  }

  #windowSalt(options: AnyKeyOptions, index: number, generation: number): Promise<string> {
    const id = `${options.algorithm}/${options.iterations}/${options.saltBits}/${index}/${generation}`;
    let salt = this.#salts.get(id);
    if (!salt) {
      salt = this.#saltkey().then(
        async (key) => `w${index}_${generation}_${await expandSalt(key, `sealed-session/salt/v2/${id}`, options.saltBits)}`,
      );
      this.#salts.set(id, salt);
      salt.catch(() => this.#salts.delete(id));
    }
    return salt;
  }

  #saltkey(): Promise<CryptoKey> {
    if (!this.#saltKey) {
      this.#saltKey = derive(this.#basekey(), SALT_KEY_OPTIONS, SALT_KEY_SALT);
      this.#saltKey.catch(() => {
        this.#saltKey = undefined;
      });
    }
    return this.#saltKey;
  }

  #basekey(): Promise<CryptoKey> {
    if (!this.#base) {
      this.#base = importPassword(this.#secret);
      this.#base.catch(() => {
        this.#base = undefined;
      });
    }
    return this.#base;
  }
}

const encoder = new TextEncoder();
const SALT_KEY_SALT = "sealed-session/salt-key/v1";
const WINDOW_SALT = /^w(\d{1,15})_(\d{1,6})_[0-9a-f]+$/;
const SALT_KEY_OPTIONS: AnyKeyOptions = { algorithm: "sha256", iterations: 8192, saltBits: 256, minPasswordlength: 0 };

function cacheKey(options: AnyKeyOptions, salt: string): string {
  return `${options.algorithm}:${options.iterations}:${salt}`;
}

function importPassword(secret: string): Promise<CryptoKey> {
  return subtle.importKey("raw", encoder.encode(secret), "PBKDF2", false, ["deriveKey"]);
}

async function derive(base: Promise<CryptoKey>, options: AnyKeyOptions, salt: string): Promise<CryptoKey> {
  const params = { name: "PBKDF2", hash: "SHA-1", salt: encoder.encode(salt), iterations: options.iterations };
  return subtle.deriveKey(params, await base, importParams(options.algorithm), false, usages(options.algorithm));
}

async function rawKey(secret: Uint8Array, options: AnyKeyOptions, cache: KeyCache | false): Promise<SaltedKey> {
  return { key: await (cache ? cache._raw(secret, options.algorithm) : importRaw(secret, options.algorithm)), salt: "" };
}

function importRaw(secret: Uint8Array, algorithm: AnyKeyOptions["algorithm"]): Promise<CryptoKey> {
  return subtle.importKey("raw", secret.slice(), importParams(algorithm), false, usages(algorithm));
}

function usages(algorithm: AnyKeyOptions["algorithm"]): KeyUsage[] {
  return algorithm === "sha256" ? ["sign", "verify"] : ["encrypt", "decrypt"];
}

/** A random salt as iron writes it: `saltBits` random bits in lower-case hex. */
export function randomSalt(saltBits: number): string {
  return encodeHex(getRandomValues(new Uint8Array(Math.ceil(saltBits / 8))));
}

async function expandSalt(key: CryptoKey, label: string, saltBits: number): Promise<string> {
  const bytes = new Uint8Array(Math.ceil(saltBits / 8));
  for (let offset = 0, block = 0; offset < bytes.length; block++) {
    const mac = new Uint8Array(await subtle.sign("HMAC", key, encoder.encode(`${label}/${block}`)));
    const take = Math.min(mac.length, bytes.length - offset);
    bytes.set(mac.subarray(0, take), offset);
    offset += take;
  }
  return encodeHex(bytes);
}
