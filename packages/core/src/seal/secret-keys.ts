/**
 * @module One password's keys in the key cache: derived keys per salt (bounded),
 * its sealing windows and their salts; the key derivation primitives.
 */
import type { EncryptionAlgorithm, IntegrityAlgorithm } from "./algorithms";
import { encodeHex } from "./base64";
import type { Key } from "./crypto";
import type { KeyOptions, SaltReuseOptions } from "./key-options";
import { Lru } from "./lru";
import { crypto } from "./provider";

export type AnyKeyOptions = Readonly<KeyOptions<EncryptionAlgorithm | IntegrityAlgorithm>>;

/** A key ready for one token, and the salt written beside it. */
export interface SaltedKey {
  readonly key: Key;
  readonly salt: string;
}

/** A token that verified, remembered so that reading it again costs no cryptography. */
export interface VerifiedToken {
  /** The token's whole text. */
  readonly token: string;
  /** The secret that verified and decrypted it. */
  readonly secret: string;
  /** The options it verified under (algorithms, iterations, onlyOwnSalts). */
  readonly signature: string;
  /** The password id written in it. */
  readonly passwordId: string;
  /** The decrypted JSON text. */
  readonly json: string;
  /** `json` parsed and deep-frozen, once it is read again (set by `recallToken`). */
  tree?: unknown;
  /** The PBKDF2 iteration count that verified it. */
  readonly iterations: number;
  /** Its expiration, in milliseconds since the epoch. */
  readonly expiration: number | undefined;
}

interface SealWindow {
  readonly index: number;
  readonly generation: number;
  uses: number;
  readonly key: Promise<SaltedKey>;
}

/** Everything kept for one password string: derived keys, sealing windows, verified tokens. */
export class SecretKeys {
  readonly derived: Lru<string, Key>;
  readonly #secret: string;
  readonly #pending = new Map<string, Promise<Key>>();
  readonly #windows = new Lru<string, SealWindow>(16);
  readonly #salts = new Lru<string, Promise<string>>(256);
  #base: Promise<Key> | undefined;
  #saltKey: Promise<Key> | undefined;

  constructor(secret: string, maxKeys: number) {
    this.#secret = secret;
    this.derived = new Lru(maxKeys);
  }

  /** The key (and salt) that seals the next token: the window's with `reuse`, else a fresh salt's. */
  sealing(
    options: AnyKeyOptions,
    reuse: Readonly<Required<SaltReuseOptions>> | false,
    now: number,
  ): Promise<SaltedKey> {
    if (reuse) return this.#windowKey(options, reuse, now);
    const salt = randomSalt(options.saltBits);
    return this.#derive(options, salt).then((key) => {
      this.remember(options, salt, key);
      return { key, salt };
    });
  }

  /** The key for a token's salt; `fresh` when derived for this call (kept only by `remember`). */
  async unsealing(options: AnyKeyOptions, salt: string): Promise<{ key: Key; fresh: boolean }> {
    const cached = this.derived.get(cacheKey(options, salt));
    return cached
      ? { key: cached, fresh: false }
      : { key: await this.#derive(options, salt), fresh: true };
  }

  /** The cached key for a salt, or `undefined`; never derives. */
  known(options: AnyKeyOptions, salt: string): Promise<Key> | undefined {
    const key = this.derived.get(cacheKey(options, salt));
    return key && Promise.resolve(key);
  }

  remember(options: AnyKeyOptions, salt: string, key: Key): void {
    this.derived.set(cacheKey(options, salt), key);
  }

  // Derives (or finds) a key without keeping it: concurrent calls for one salt share one derivation.
  #derive(options: AnyKeyOptions, salt: string): Promise<Key> {
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

  #windowKey(
    options: AnyKeyOptions,
    reuse: Readonly<Required<SaltReuseOptions>>,
    now: number,
  ): Promise<SaltedKey> {
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
    const key = await this.#derive(options, salt);
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
        async (key) =>
          `w${index}_${generation}_${await expandSalt(key, `sealed-session/salt/v2/${id}`, options.saltBits)}`,
      );
      this.#salts.set(id, salt);
      salt.catch(() => this.#salts.delete(id));
    }
    return salt;
  }

  #saltkey(): Promise<Key> {
    if (!this.#saltKey) {
      this.#saltKey = derive(this.#basekey(), SALT_KEY_OPTIONS, SALT_KEY_SALT);
      this.#saltKey.catch(() => {
        this.#saltKey = undefined;
      });
    }
    return this.#saltKey;
  }

  #basekey(): Promise<Key> {
    if (!this.#base) {
      this.#base = importPassword(this.#secret);
      this.#base.catch(() => {
        this.#base = undefined;
      });
    }
    return this.#base;
  }
}

const SALT_KEY_SALT = "sealed-session/salt-key/v1";
const WINDOW_SALT = /^w(\d{1,15})_(\d{1,6})_[0-9a-f]+$/;
const SALT_KEY_OPTIONS: AnyKeyOptions = {
  algorithm: "sha256",
  iterations: 8192,
  saltBits: 256,
  minPasswordlength: 0,
};

function cacheKey(options: AnyKeyOptions, salt: string): string {
  return `${options.algorithm}:${options.iterations}:${salt}`;
}

export function importPassword(secret: string): Promise<Key> {
  return crypto.importPassword(secret);
}

export async function derive(
  base: Promise<Key>,
  options: AnyKeyOptions,
  salt: string,
): Promise<Key> {
  return crypto.deriveKey(await base, salt, options.iterations, options.algorithm);
}

export function importRaw(secret: Uint8Array, algorithm: AnyKeyOptions["algorithm"]): Promise<Key> {
  return crypto.importKey(secret, algorithm);
}

/** A random salt as iron writes it: `saltBits` random bits in lower-case hex. */
export function randomSalt(saltBits: number): string {
  return encodeHex(crypto.randomBytes(Math.ceil(saltBits / 8)));
}

async function expandSalt(key: Key, label: string, saltBits: number): Promise<string> {
  const bytes = new Uint8Array(Math.ceil(saltBits / 8));
  for (let offset = 0, block = 0; offset < bytes.length; block++) {
    const mac = await crypto.sign(key, crypto.utf8(`${label}/${block}`));
    const take = Math.min(mac.length, bytes.length - offset);
    bytes.set(mac.subarray(0, take), offset);
    offset += take;
  }
  return encodeHex(bytes);
}
