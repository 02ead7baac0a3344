/**
 * @module `seal` and `unseal`: a value sealed into an `Fe26.2` token and back —
 * the MAC checked before anything is decrypted, the expiry, the 1-iteration
 * legacy fallback.
 */
import { OptionsInvalidError, SealDecryptError, SealExpiredError, SealForeignSaltError, SealMacError } from "../errors";
import type { EncryptionAlgorithm } from "./algorithms";
import type { Key } from "./crypto";
import { encodeWith, parseJson, serialize } from "./json";
import { isOwnSalt, knownKey, rememberKey, sealingKey, unsealingKey } from "./keys";
import { type KeyOptions, type ResolvedOptions, resolveOptions, type SealOptions } from "./options";
import { type Password, type PasswordSet, type Secret, sealingSecrets, toPasswordSet } from "./password";
import { crypto } from "./provider";
import { randomIv } from "./random";
import { checkSecrets } from "./secret-policy";
import { MAC_PREFIX, parseToken, sealableFields, type TokenParts } from "./token";
import { recallToken, rememberToken } from "./token-cache";

/**
 * Encrypts and signs `data` (any JSON value) into an iron `Fe26.2` token that
 * @hapi/iron, iron-webcrypto and h3 unseal with the same password and
 * iteration count.
 *
 * Throws `SealDataError` when `data` is not JSON-serializable, and password
 * errors (`ERR_PASSWORD_*`) for a missing, short or malformed password.
 *
 * @example
 * ```ts
 * const token = await seal({ userId: 42 }, env.SESSION_PASSWORD, { ttl: 60 * 60 * 1000 });
 * ```
 */
export async function seal(data: unknown, password: Password, options?: SealOptions): Promise<string> {
  const opts = resolveOptions(options);
  const set = toPasswordSet(password, opts.passwordId);
  checkSecrets(sealingSecrets(set), opts);
  return sealWith(data, set, opts);
}

/** `seal` with the password and options already checked (the session engine resolves them once per config). */
export function sealWith(data: unknown, set: PasswordSet, opts: ResolvedOptions): Promise<string> {
  return sealJson(opts.encode ? encodeWith(opts.encode, data) : serialize(data), set, opts);
}

/**
 * Seals JSON text already serialized (the session engine keeps the text to
 * compare against later). `at` is the clock reading, in milliseconds since the
 * epoch, that `ttl` counts from: a caller that computed `ttl` from its own
 * reading passes it, so the token expires exactly when it meant.
 */
export async function sealJson(json: string, set: PasswordSet, opts: ResolvedOptions, at = Date.now()): Promise<string> {
  const now = at + opts.localtimeOffsetMsec;
  const secrets = sealingSecrets(set);
  const context = { cache: opts.cache, saltReuse: opts.saltReuse, now };
  const [encryption, integrity] = await Promise.all([
    sealingKey(secrets.encryption, opts.encryption, context),
    sealingKey(secrets.integrity, opts.integrity, context),
  ]);
  const iv = randomIv();
  const encrypted = await crypto.encrypt(opts.encryption.algorithm, encryption.key, iv, crypto.utf8(json));
  const expiration = opts.ttl ? Math.floor(now + opts.ttl) : undefined;
  if (!sealableFields(encryption.salt, integrity.salt, expiration)) {
    throw new OptionsInvalidError(
      `The token would carry an expiration or salt that other servers cannot parse (expiration ${expiration}); check ttl and localtimeOffsetMsec.`,
    );
  }
  const macBase = `${MAC_PREFIX}*${set.sealId}*${encryption.salt}*${crypto.encodeBase64Url(iv)}*${crypto.encodeBase64Url(encrypted)}*${expiration ?? ""}`;
  const token = `${macBase}*${integrity.salt}*${await sign(integrity.key, macBase)}`;
  // The next request usually sends this very token back.
  rememberToken(opts, token, secrets, { passwordId: set.sealId, json, iterations: opts.integrity.iterations, expiration });
  return token;
}

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
export async function unseal(token: string, password: Password, options?: SealOptions): Promise<unknown> {
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
export async function unsealWithInfo<T = unknown>(token: string, password: Password, options?: SealOptions): Promise<UnsealResult<T>> {
  const opts = resolveOptions(options);
  const set = toPasswordSet(password, opts.passwordId);
  // A lone secret is checked whatever the token (it is a configuration
  // mistake); a map's entries only when a token names them (in unsealText),
  // so a map is never refused for an entry the token does not use.
  if (set.ids.length === 0) for (const secrets of set.all) checkSecrets(secrets, opts);
  return unsealWithSet(token, set, opts);
}

/** `unsealWithInfo` with the password and options already checked. */
export async function unsealWithSet<T = unknown>(token: string, set: PasswordSet, opts: ResolvedOptions): Promise<UnsealResult<T>> {
  const { json: _, ...result } = await unsealText<T>(token, set, opts);
  return result;
}

/** An `UnsealResult` with the decrypted JSON text it was parsed from. */
export type UnsealedText<T = unknown> = UnsealResult<T> & { readonly json: string };

/** `unsealWithSet`, also giving the JSON text: the session engine compares against it later. */
export async function unsealText<T = unknown>(token: string, set: PasswordSet, opts: ResolvedOptions): Promise<UnsealedText<T>> {
  const now = Date.now() + opts.localtimeOffsetMsec;
  const recalled = typeof token === "string" ? recallToken(opts, set, token, now) : undefined;
  if (recalled) return { ...recalled, data: parseJson(recalled.json, opts.decode) as T };
  const parts = parseToken(token);
  if (parts.expiration !== undefined && parts.expiration <= now - opts.timestampSkewSec * 1000) throw new SealExpiredError();
  const secrets = set.find(parts.passwordId);
  checkSecrets(secrets, opts);
  // With onlyOwnSalts, a token past this check carries salts this password
  // issued: their keys are kept even when its MAC fails, so forgeries that
  // reuse a genuine token's salts cost one derivation in all, not one each.
  const ownSalts = opts.onlyOwnSalts && opts.cache !== false;
  if (opts.onlyOwnSalts && opts.cache) {
    const own = await Promise.all([
      isOwnSalt(secrets.integrity, opts.integrity, parts.macSalt, opts.cache),
      isOwnSalt(secrets.encryption, opts.encryption, parts.encryptionSalt, opts.cache),
    ]);
    if (!own[0] || !own[1]) throw new SealForeignSaltError();
  }

  // When the encryption key is already known (its salt verified before),
  // decryption starts alongside the MAC check: on Node each Web Crypto call
  // is a thread-pool round trip, and overlapping the two saves one. Nothing
  // decrypted is used, and no decryption error is even awaited, until the MAC
  // has verified: a forged token is refused on the MAC's result alone, so it
  // learns nothing about padding, and it costs no encryption-key derivation.
  const earlyKey = knownKey(secrets.encryption, opts.encryption, parts.encryptionSalt, opts.cache);
  const early = earlyKey && decryptWith(earlyKey, opts.encryption.algorithm, parts);
  early?.catch(() => {});

  let iterations = opts.integrity.iterations;
  let verified = await verify(secrets.integrity, opts.integrity, parts, opts, ownSalts);
  if (!verified && opts.legacyFallback && iterations !== 1) {
    iterations = 1;
    verified = await verify(secrets.integrity, { ...opts.integrity, iterations }, parts, opts, ownSalts);
  }
  if (!verified) throw new SealMacError();
  const legacy = iterations !== opts.integrity.iterations;
  const plaintext =
    early && !legacy ? early : decryptFresh(secrets.encryption, legacy ? { ...opts.encryption, iterations } : opts.encryption, parts, opts);
  const json = await plaintext;
  const data = parseJson(json, opts.decode) as T;
  rememberToken(opts, token, secrets, { passwordId: parts.passwordId, json, iterations, expiration: parts.expiration });
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

async function decryptWith(key: Promise<Key>, algorithm: EncryptionAlgorithm, parts: TokenParts): Promise<string> {
  try {
    return decoder.decode(await crypto.decrypt(algorithm, await key, parts.iv, parts.ciphertext));
  } catch (cause) {
    throw new SealDecryptError({ cause });
  }
}

async function sign(key: Key, text: string): Promise<string> {
  return crypto.encodeBase64Url(await crypto.sign(key, crypto.utf8(text)));
}

// Comparing the MAC's exact text rejects tokens whose MAC differs only in
// padding bits or alphabet, as @hapi/iron does; time does not depend on where
// the first difference is.
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
