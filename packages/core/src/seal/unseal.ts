/**
 * @module `unseal`: an `Fe26.2` token verified and decrypted — the MAC checked
 * before anything is decrypted, the expiry, the 1-iteration legacy fallback,
 * and a token this process sealed or read recalled without crypto.
 */
import { SealDecryptError, SealExpiredError, SealForeignSaltError, SealMacError } from "../errors";
import type { EncryptionAlgorithm } from "./algorithms";
import type { Key } from "./crypto";
import { parseJson } from "./json";
import { isOwnSalt, knownKey, rememberKey, unsealingKey } from "./keys";
import { sign, timingSafeEqual } from "./mac";
import { type KeyOptions, type ResolvedOptions, resolveOptions, type SealOptions } from "./options";
import {
  type Password,
  type PasswordSet,
  type Secret,
  type SecretPair,
  toPasswordSet,
} from "./password";
import { crypto } from "./provider";
import { checkSecrets } from "./secret-policy";
import { parseToken, type TokenParts } from "./token";
import { recallToken, rememberToken } from "./token-cache";

/**
 * Verifies and decrypts an `Fe26.2` token and returns its data.
 *
 * Any refusal of the token throws an `UnsealError` subclass with one generic
 * message; the reason is in `code`: `ERR_SEAL_MALFORMED`, `ERR_SEAL_MAC`,
 * `ERR_SEAL_EXPIRED`, `ERR_SEAL_UNKNOWN_KEY` or `ERR_SEAL_DECRYPT`. A bad
 * password or bad options throw their own configuration errors.
 *
 * @example
 * ```ts
 * const data = await unseal(token, env.SESSION_PASSWORD);
 * ```
 */
export async function unseal(
  token: string,
  password: Password,
  options?: SealOptions,
): Promise<unknown> {
  return (await unsealWithInfo(token, password, options)).data;
}

/** What `unsealWithInfo` learned about a token besides its data. */
export interface UnsealResult<T = unknown> {
  /** The sealed JSON value. */
  readonly data: T;
  /** The password id written in the token (`""` when it has none). */
  readonly passwordId: string;
  /** `true` when the token was not sealed with the password id that seals now (so it deserves a reseal). */
  readonly stalePassword: boolean;
  /** The PBKDF2 iteration count that verified the token (1 for a legacy token). */
  readonly iterations: number;
  /** `true` when only the 1-iteration legacy fallback verified it. */
  readonly legacy: boolean;
  /** When the token expires, in milliseconds since the epoch; `undefined` when it never does. */
  readonly expiresAt: number | undefined;
}

/**
 * `unseal`, also saying which password id and iteration count matched: what a
 * session needs to decide whether to reseal a token.
 */
export async function unsealWithInfo<T = unknown>(
  token: string,
  password: Password,
  options?: SealOptions,
): Promise<UnsealResult<T>> {
  const opts = resolveOptions(options);
  const set = toPasswordSet(password, opts.passwordId);
  // A lone secret is checked whatever the token (it is a configuration
  // mistake); a map's entries only when a token names them (in unsealText),
  // so a map is never refused for an entry the token does not use.
  if (set.ids.length === 0) for (const secrets of set.all) checkSecrets(secrets, opts);
  return unsealWithSet(token, set, opts);
}

/** `unsealWithInfo` with the password and options already checked. */
export async function unsealWithSet<T = unknown>(
  token: string,
  set: PasswordSet,
  opts: ResolvedOptions,
): Promise<UnsealResult<T>> {
  const { json: _, ...result } = await unsealText<T>(token, set, opts);
  return result;
}

/** An `UnsealResult` with the decrypted JSON text it was parsed from. */
export type UnsealedText<T = unknown> = UnsealResult<T> & { readonly json: string };

/** `unsealWithSet`, also giving the JSON text: the session engine compares against it later. */
export async function unsealText<T = unknown>(
  token: string,
  set: PasswordSet,
  opts: ResolvedOptions,
): Promise<UnsealedText<T>> {
  const now = Date.now() + opts.localtimeOffsetMsec;
  const recalled = typeof token === "string" ? recallToken(opts, set, token, now) : undefined;
  if (recalled) return { ...recalled, data: parseJson(recalled.json, opts.decode) as T };
  const parts = parseToken(token);
  if (parts.expiration !== undefined && parts.expiration <= now - opts.timestampSkewSec * 1000)
    throw new SealExpiredError();
  const secrets = set.find(parts.passwordId);
  checkSecrets(secrets, opts);
  const ownSalts = await checkOwnSalts(secrets, parts, opts);
  const { plaintext, iterations, legacy } = await open(secrets, parts, opts, ownSalts);
  const json = await plaintext;
  const data = parseJson(json, opts.decode) as T;
  rememberToken(opts, token, secrets, {
    passwordId: parts.passwordId,
    json,
    iterations,
    expiration: parts.expiration,
  });
  return {
    json,
    data,
    passwordId: parts.passwordId,
    stalePassword: set.sealWith !== undefined && secrets !== set.sealWith,
    iterations,
    legacy,
    expiresAt: parts.expiration,
  };
}

// With onlyOwnSalts, a token past this check carries salts this password
// issued: their keys are kept even when its MAC fails, so forgeries that
// reuse a genuine token's salts cost one derivation in all, not one each.
async function checkOwnSalts(
  secrets: SecretPair,
  parts: TokenParts,
  opts: ResolvedOptions,
): Promise<boolean> {
  if (opts.onlyOwnSalts && opts.cache) {
    const own = await Promise.all([
      isOwnSalt(secrets.integrity, opts.integrity, parts.macSalt, opts.cache),
      isOwnSalt(secrets.encryption, opts.encryption, parts.encryptionSalt, opts.cache),
    ]);
    if (!own[0] || !own[1]) throw new SealForeignSaltError();
  }
  return opts.onlyOwnSalts && opts.cache !== false;
}

// Verifies the MAC (at 1 iteration too, with legacyFallback), then decrypts.
//
// When the encryption key is already known (its salt verified before),
// decryption starts alongside the MAC check: on Node each Web Crypto call
// is a thread-pool round trip, and overlapping the two saves one. Nothing
// decrypted is used, and no decryption error is even awaited, until the MAC
// has verified: a forged token is refused on the MAC's result alone, so it
// learns nothing about padding, and it costs no encryption-key derivation.
async function open(
  secrets: SecretPair,
  parts: TokenParts,
  opts: ResolvedOptions,
  ownSalts: boolean,
): Promise<{ plaintext: Promise<string>; iterations: number; legacy: boolean }> {
  const earlyKey = knownKey(secrets.encryption, opts.encryption, parts.encryptionSalt, opts.cache);
  const early = earlyKey && decryptWith(earlyKey, opts.encryption.algorithm, parts);
  early?.catch(() => {});
  let iterations = opts.integrity.iterations;
  let verified = await verify(secrets.integrity, opts.integrity, parts, opts, ownSalts);
  if (!verified && opts.legacyFallback && iterations !== 1) {
    iterations = 1;
    const legacyOptions = { ...opts.integrity, iterations };
    verified = await verify(secrets.integrity, legacyOptions, parts, opts, ownSalts);
  }
  if (!verified) throw new SealMacError();
  const legacy = iterations !== opts.integrity.iterations;
  if (early && !legacy) return { plaintext: early, iterations, legacy };
  const keyOptions = legacy ? { ...opts.encryption, iterations } : opts.encryption;
  return {
    plaintext: decryptFresh(secrets.encryption, keyOptions, parts, opts),
    iterations,
    legacy,
  };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

async function verify(
  secret: Secret,
  keyOptions: KeyOptions<"sha256">,
  parts: TokenParts,
  opts: ResolvedOptions,
  ownSalt: boolean,
): Promise<boolean> {
  const { key, fresh } = await unsealingKey(secret, keyOptions, parts.macSalt, opts.cache);
  const ok = timingSafeEqual(await sign(key, parts.macBase), parts.mac);
  // Only a key whose token verified, or whose salt is proven ours, is kept:
  // forged salts never fill the cache.
  if ((ok || ownSalt) && fresh) rememberKey(opts.cache, secret, keyOptions, parts.macSalt, key);
  return ok;
}

// Derives the encryption key after the MAC verified, so the salt is genuine
// and the key may be kept.
async function decryptFresh(
  secret: Secret,
  keyOptions: KeyOptions<EncryptionAlgorithm>,
  parts: TokenParts,
  opts: ResolvedOptions,
): Promise<string> {
  const { key, fresh } = await unsealingKey(secret, keyOptions, parts.encryptionSalt, opts.cache);
  const plaintext = await decryptWith(Promise.resolve(key), keyOptions.algorithm, parts);
  if (fresh) rememberKey(opts.cache, secret, keyOptions, parts.encryptionSalt, key);
  return plaintext;
}

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
