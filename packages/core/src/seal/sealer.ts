/**
 * @module The sealer: a password and options resolved once, and the whole walk
 * from them to the crypto calls — a value sealed into an `Fe26.2` token under
 * a fresh IV, a token's MAC verified before anything is decrypted — with the
 * tokens this process sealed or read recalled without crypto.
 */
import {
  OptionsInvalidError,
  SealDecryptError,
  SealExpiredError,
  SealForeignSaltError,
  SealMacError,
} from "../errors";
import type { EncryptionAlgorithm } from "./algorithms";
import type { Key } from "./crypto";
import { encodeWith, parseJson, serialize } from "./json";
import { type KeyPair, type KeySource, keySource } from "./keys";
import { type KeyOptions, type ResolvedOptions, resolveOptions, type SealOptions } from "./options";
import {
  type Password,
  type PasswordSet,
  type SecretPair,
  sealingSecrets,
  toPasswordSet,
} from "./password";
import { crypto } from "./provider";
import { randomIv } from "./random";
import { checkSecrets } from "./secret-policy";
import { MAC_PREFIX, parseToken, sameMac, sealableFields, type TokenParts } from "./token";
import { recallToken, rememberToken } from "./token-cache";
import type { Sealer, UnsealedText, UnsealResult } from "./types";

/**
 * `"all"`: every secret is checked when the sealer is made (`createSealer`,
 * sessions). `"on-use"`: a map's secrets only when they seal or a token names
 * them (the free functions: a map is never refused for an entry unused).
 */
export type SecretChecks = "all" | "on-use";

/** The one `Sealer`; the session engine also seals JSON text it keeps, with its own ttl. */
export class TokenSealer implements Sealer {
  readonly options: ResolvedOptions;
  readonly passwords: PasswordSet;

  constructor(password: Password, options: SealOptions | undefined, checks: SecretChecks) {
    this.options = resolveOptions(options);
    this.passwords = toPasswordSet(password, this.options.passwordId);
    // A lone secret is a configuration mistake whatever the token: checked now.
    if (checks === "all" || this.passwords.ids.length === 0)
      for (const secrets of this.passwords.all) checkSecrets(secrets, this.options);
  }

  async seal(data: unknown): Promise<string> {
    this.#sealingPair(); // the password's mistakes before the data's
    const { encode } = this.options;
    return this.sealJson(encode ? encodeWith(encode, data) : serialize(data));
  }

  /**
   * Seals JSON text already serialized. `at` is the clock reading (ms since
   * the epoch) that `ttl` (ms, 0 for none) counts from, so a caller that
   * computed `ttl` from its own reading gets the expiry it meant.
   */
  async sealJson(json: string, at = Date.now(), ttl = this.options.ttl): Promise<string> {
    const opts = this.options;
    const secrets = this.#sealingPair();
    const now = at + opts.localtimeOffsetMsec;
    const [encryption, integrity] = await Promise.all([
      keySource(secrets.encryption, opts.cache).sealing(opts.encryption, opts.saltReuse, now),
      keySource(secrets.integrity, opts.cache).sealing(opts.integrity, opts.saltReuse, now),
    ]);
    const iv = randomIv();
    const algorithm = opts.encryption.algorithm;
    const encrypted = await crypto.encrypt(algorithm, encryption.key, iv, crypto.utf8(json));
    const expiration = ttl ? Math.floor(now + ttl) : undefined;
    if (!sealableFields(encryption.salt, integrity.salt, expiration)) {
      throw new OptionsInvalidError(
        `The token would carry an expiration or salt that other servers cannot parse (expiration ${expiration}); check ttl and localtimeOffsetMsec.`,
      );
    }
    const { sealId } = this.passwords;
    const macBase = `${MAC_PREFIX}*${sealId}*${encryption.salt}*${crypto.encodeBase64Url(iv)}*${crypto.encodeBase64Url(encrypted)}*${expiration ?? ""}`;
    const token = `${macBase}*${integrity.salt}*${await sign(integrity.key, macBase)}`;
    // The next request usually sends this very token back.
    const iterations = opts.integrity.iterations;
    rememberToken(opts, token, secrets, { passwordId: sealId, json, iterations, expiration });
    return token;
  }

  async unseal<T = unknown>(token: string): Promise<T> {
    return (await this.unsealText<T>(token)).data;
  }

  async unsealWithInfo<T = unknown>(token: string): Promise<UnsealResult<T>> {
    const { json: _, tree: __, ...result } = await this.unsealText<T>(token);
    return result;
  }

  /**
   * A token this process sealed or verified before, read without crypto and
   * without awaiting; `undefined` when it needs `unsealText`. Throws
   * `SealExpiredError` when it has expired since.
   */
  recall<T = unknown>(token: string): UnsealedText<T> | undefined {
    if (typeof token !== "string") return undefined;
    const now = Date.now() + this.options.localtimeOffsetMsec;
    return recallToken(this.options, this.passwords, token, now) as UnsealedText<T> | undefined;
  }

  /** `unsealWithInfo`, also giving the decrypted JSON text (the session engine compares against it). */
  async unsealText<T = unknown>(token: string): Promise<UnsealedText<T>> {
    const recalled = this.recall<T>(token);
    if (recalled) return recalled;
    const opts = this.options;
    const now = Date.now() + opts.localtimeOffsetMsec;
    const parts = parseToken(token);
    if (parts.expiration !== undefined && parts.expiration <= now - opts.timestampSkewSec * 1000)
      throw new SealExpiredError();
    const secrets = this.passwords.find(parts.passwordId);
    checkSecrets(secrets, opts);
    const keys = {
      encryption: keySource(secrets.encryption, opts.cache),
      integrity: keySource(secrets.integrity, opts.cache),
    };
    const ownSalts = await this.#checkOwnSalts(keys, parts);
    const { plaintext, iterations, legacy } = await this.#open(keys, parts, ownSalts);
    const json = await plaintext;
    const data = parseJson(json, opts.decode) as T;
    const { passwordId, expiration } = parts;
    rememberToken(opts, token, secrets, { passwordId, json, iterations, expiration });
    const { sealWith } = this.passwords;
    const stalePassword = sealWith !== undefined && secrets !== sealWith;
    const expiresAt = expiration;
    return {
      json,
      tree: undefined,
      data,
      passwordId,
      stalePassword,
      iterations,
      legacy,
      expiresAt,
    };
  }

  #sealingPair(): SecretPair {
    const secrets = sealingSecrets(this.passwords);
    checkSecrets(secrets, this.options);
    return secrets;
  }

  // With onlyOwnSalts, a token past this check carries salts this password
  // issued: their keys are kept even when its MAC fails, so forgeries that
  // reuse a genuine token's salts cost one derivation in all, not one each.
  async #checkOwnSalts(keys: KeyPair, parts: TokenParts): Promise<boolean> {
    const opts = this.options;
    if (!opts.onlyOwnSalts || !opts.cache) return false;
    const own = await Promise.all([
      keys.integrity.ownsSalt(opts.integrity, parts.macSalt),
      keys.encryption.ownsSalt(opts.encryption, parts.encryptionSalt),
    ]);
    if (!own[0] || !own[1]) throw new SealForeignSaltError();
    return true;
  }

  // Verifies the MAC (at 1 iteration too, with legacyFallback), then decrypts.
  //
  // When the encryption key is already known (its salt verified before),
  // decryption starts alongside the MAC check: on Node each Web Crypto call
  // is a thread-pool round trip, and overlapping the two saves one. Nothing
  // decrypted is used, and no decryption error is even awaited, until the MAC
  // has verified: a forged token is refused on the MAC's result alone, so it
  // learns nothing about padding, and it costs no encryption-key derivation.
  async #open(keys: KeyPair, parts: TokenParts, ownSalts: boolean): Promise<Opened> {
    const opts = this.options;
    const earlyKey = keys.encryption.known(opts.encryption, parts.encryptionSalt);
    const early = earlyKey && decryptWith(earlyKey, opts.encryption.algorithm, parts);
    early?.catch(() => {});
    let iterations = opts.integrity.iterations;
    let verified = await verify(keys.integrity, opts.integrity, parts, ownSalts);
    if (!verified && opts.legacyFallback && iterations !== 1) {
      iterations = 1;
      verified = await verify(keys.integrity, { ...opts.integrity, iterations }, parts, ownSalts);
    }
    if (!verified) throw new SealMacError();
    const legacy = iterations !== opts.integrity.iterations;
    if (early && !legacy) return { plaintext: early, iterations, legacy };
    const keyOptions = legacy ? { ...opts.encryption, iterations } : opts.encryption;
    return { plaintext: decryptFresh(keys.encryption, keyOptions, parts), iterations, legacy };
  }
}

interface Opened {
  readonly plaintext: Promise<string>;
  readonly iterations: number;
  readonly legacy: boolean;
}

async function verify(
  keys: KeySource,
  keyOptions: KeyOptions<"sha256">,
  parts: TokenParts,
  ownSalt: boolean,
): Promise<boolean> {
  const { key, fresh } = await keys.unsealing(keyOptions, parts.macSalt);
  const ok = sameMac(await sign(key, parts.macBase), parts.mac);
  // Only a key whose token verified, or whose salt is proven ours, is kept:
  // forged salts never fill the cache.
  if ((ok || ownSalt) && fresh) keys.remember(keyOptions, parts.macSalt, key);
  return ok;
}

// Derives the encryption key after the MAC verified, so the salt is genuine
// and the key may be kept.
async function decryptFresh(
  keys: KeySource,
  keyOptions: KeyOptions<EncryptionAlgorithm>,
  parts: TokenParts,
): Promise<string> {
  const { key, fresh } = await keys.unsealing(keyOptions, parts.encryptionSalt);
  const plaintext = await decryptWith(Promise.resolve(key), keyOptions.algorithm, parts);
  if (fresh) keys.remember(keyOptions, parts.encryptionSalt, key);
  return plaintext;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

async function decryptWith(
  key: Promise<Key>,
  algorithm: EncryptionAlgorithm,
  parts: TokenParts,
): Promise<string> {
  try {
    return decoder.decode(await crypto.decrypt(algorithm, await key, parts.iv, parts.ciphertext));
  } catch (cause) {
    throw new SealDecryptError({ cause });
  }
}

// The base64url HMAC of `text` under `key`.
async function sign(key: Key, text: string): Promise<string> {
  return crypto.encodeBase64Url(await crypto.sign(key, crypto.utf8(text)));
}
