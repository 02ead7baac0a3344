/**
 * @module The `Fe26.2` walk, from a password's secrets to a token's crypto
 * calls and back: a value sealed under a fresh IV with keys from the key
 * sources, a token's MAC verified before anything is decrypted, and a key
 * derived for a token kept only once the token proved genuine.
 */
import {
  OptionsInvalidError,
  SealDecryptError,
  SealForeignSaltError,
  SealMacError,
} from "../errors";
import type { EncryptionAlgorithm } from "./algorithms";
import type { Key } from "./crypto";
import type { KeyOptions } from "./key-options";
import { type KeyPair, type KeySource, keySource } from "./keys";
import type { ResolvedOptions } from "./options";
import type { PasswordSet, SecretPair } from "./password";
import { crypto } from "./provider";
import { randomIv } from "./random";
import { checkSecrets } from "./secret-policy";
import { MAC_PREFIX, parseToken, sameMac, sealableFields, type TokenParts } from "./token";
import { checkExpiration, rememberToken, verifiedText } from "./token-cache";
import type { UnsealedText } from "./types";

/** Seals JSON text into an `Fe26.2` token; `now` (ms since the epoch) already offset, `ttl` in ms (0 for none). */
export async function sealIronToken(
  opts: ResolvedOptions,
  passwords: PasswordSet,
  secrets: SecretPair,
  json: string,
  now: number,
  ttl: number,
): Promise<string> {
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
  const { sealId } = passwords;
  const macBase = `${MAC_PREFIX}*${sealId}*${encryption.salt}*${crypto.encodeBase64Url(iv)}*${crypto.encodeBase64Url(encrypted)}*${expiration ?? ""}`;
  const token = `${macBase}*${integrity.salt}*${await sign(integrity.key, macBase)}`;
  // The next request usually sends this very token back.
  const iterations = opts.integrity.iterations;
  rememberToken(opts, token, secrets, { passwordId: sealId, json, iterations, expiration });
  return token;
}

/** Verifies and decrypts an `Fe26.2` token (at 1 iteration too, with `legacyFallback`). */
export async function unsealIronToken<T>(
  opts: ResolvedOptions,
  passwords: PasswordSet,
  token: string,
): Promise<UnsealedText<T>> {
  const now = Date.now() + opts.localtimeOffsetMsec;
  const parts = parseToken(token);
  checkExpiration(opts, parts.expiration, now);
  const secrets = passwords.find(parts.passwordId);
  checkSecrets(secrets, opts);
  const keys = {
    encryption: keySource(secrets.encryption, opts.cache),
    integrity: keySource(secrets.integrity, opts.cache),
  };
  const ownSalts = await checkOwnSalts(opts, keys, parts);
  const { plaintext, iterations, format } = await open(opts, keys, parts, ownSalts);
  const json = await plaintext;
  const { passwordId, expiration } = parts;
  const entry = { passwordId, json, iterations, expiration };
  return verifiedText<T>(opts, passwords, token, secrets, entry, format);
}

// With onlyOwnSalts, a token past this check carries salts this password
// issued: their keys are kept even when its MAC fails, so forgeries that
// reuse a genuine token's salts cost one derivation in all, not one each.
async function checkOwnSalts(
  opts: ResolvedOptions,
  keys: KeyPair,
  parts: TokenParts,
): Promise<boolean> {
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
async function open(
  opts: ResolvedOptions,
  keys: KeyPair,
  parts: TokenParts,
  ownSalts: boolean,
): Promise<Opened> {
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
  const format = legacy ? "Fe26.2@1" : "Fe26.2";
  if (early && !legacy) return { plaintext: early, iterations, format };
  const keyOptions = legacy ? { ...opts.encryption, iterations } : opts.encryption;
  return { plaintext: decryptFresh(keys.encryption, keyOptions, parts), iterations, format };
}

interface Opened {
  readonly plaintext: Promise<string>;
  readonly iterations: number;
  readonly format: "Fe26.2" | "Fe26.2@1";
}

/** Whether the token's MAC verifies under the key for its MAC salt. */
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

/** Derives the encryption key after the MAC verified, so the salt is genuine and the key may be kept. */
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

/** Decrypts the token's ciphertext as UTF-8; `SealDecryptError` when it does not decrypt. */
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

/** The base64url HMAC of `text` under `key`. */
async function sign(key: Key, text: string): Promise<string> {
  return crypto.encodeBase64Url(await crypto.sign(key, crypto.utf8(text)));
}
