/**
 * @module `Fe26.3` (experimental): a token sealed with AES-256-GCM under a key
 * HKDF-SHA256 derives from the secret and a fresh 256-bit salt, its framing
 * authenticated as AAD — iron-webcrypto's AEAD draft, byte for byte. No
 * PBKDF2: a token never seen costs one HKDF and one GCM call, so a secret
 * must be high-entropy (as every secret this library accepts already is).
 */
import { OptionsInvalidError, SealDecryptError, SealMacError } from "../errors";
import { encodeHex } from "./base64";
import type { Key } from "./crypto";
import { GCM_IV_BYTES, gcmAad, gcmExpirationWritable, parseGcmToken } from "./gcm-token";
import { cacheStore } from "./key-cache";
import { Lru } from "./lru";
import type { ResolvedOptions } from "./options";
import type { PasswordSet, Secret, SecretPair } from "./password";
import { crypto } from "./provider";
import { randomBytes } from "./random";
import { checkSecrets } from "./secret-policy";
import { checkExpiration, rememberToken, verifiedText } from "./token-cache";
import type { UnsealedText } from "./types";

const SALT_BYTES = 32;
const INFO = crypto.utf8("aes-256-gcm");
const decoder = new TextDecoder("utf-8", { fatal: true });
// Secrets imported for HKDF, kept while the key cache is on (a few µs each on Web Crypto).
const bases = new Lru<Secret, Promise<Key>>(64);
// How a token's key is named among its secret's derived keys in the key cache.
const cacheName = (salt: string) => `hkdf:${salt}`;

/**
 * The one secret of a pair, which `Fe26.3` needs: iron's `{ encryption,
 * integrity }` form with two different secrets has no meaning there.
 */
export function gcmSecret(pair: SecretPair): Secret {
  if (pair.encryption !== pair.integrity)
    throw new OptionsInvalidError(
      "Fe26.3 seals with one secret per password id: give { id, secret } instead of { encryption, integrity }.",
    );
  return pair.encryption;
}

/** Seals JSON text into an `Fe26.3` token; `expiration` in ms since the epoch, or none. */
export async function sealGcmToken(
  opts: ResolvedOptions,
  passwords: PasswordSet,
  secrets: SecretPair,
  json: string,
  expiration: number | undefined,
): Promise<string> {
  if (!gcmExpirationWritable(expiration))
    throw new OptionsInvalidError(
      `The token would carry an expiration other servers cannot parse (${expiration}); check ttl and localtimeOffsetMsec.`,
    );
  // The salt's 32 bytes, then the IV's 12 (the draft's order).
  const random = randomBytes(SALT_BYTES + GCM_IV_BYTES);
  const salt = encodeHex(random.subarray(0, SALT_BYTES));
  const iv = random.slice(SALT_BYTES);
  const ivText = crypto.encodeBase64Url(iv);
  const { sealId } = passwords;
  const secret = gcmSecret(secrets);
  const key = await derive(secret, salt, opts);
  // The next request usually sends this token back: its key is kept (a salt of ours).
  keep(secret, salt, key, opts);
  const aad = crypto.utf8(gcmAad(sealId, salt, ivText, expiration));
  const sealed = await crypto.encryptGcm(key, iv, crypto.utf8(json), aad);
  const token = `Fe26.3*${sealId}*${salt}*${ivText}*${crypto.encodeBase64Url(sealed)}*${expiration ?? ""}`;
  rememberToken(opts, token, secrets, { passwordId: sealId, json, iterations: 0, expiration });
  return token;
}

/**
 * Verifies and decrypts an `Fe26.3` token. A tag that does not verify (a
 * forged or altered token, or another secret) is `SealMacError`, as a bad
 * MAC is in `Fe26.2`; nothing decrypted is used before the tag verified.
 */
export async function unsealGcmToken<T>(
  opts: ResolvedOptions,
  passwords: PasswordSet,
  token: string,
): Promise<UnsealedText<T>> {
  const now = Date.now() + opts.localtimeOffsetMsec;
  const parts = parseGcmToken(token);
  const { passwordId, expiration } = parts;
  checkExpiration(opts, expiration, now);
  const secrets = passwords.find(passwordId);
  checkSecrets(secrets, opts);
  if (secrets.encryption !== secrets.integrity) throw new SealMacError();
  const secret = secrets.encryption;
  const cached = known(secret, parts.salt, opts);
  // No salt under raw key bytes: the draft's first form, which imported them as the AES key.
  const key =
    cached ??
    (parts.salt === "" && typeof secret !== "string"
      ? await crypto.importGcmKey(secret)
      : await derive(secret, parts.salt, opts));
  let plain: Uint8Array;
  try {
    plain = await crypto.decryptGcm(key, parts.iv, parts.sealed, crypto.utf8(parts.aad));
  } catch {
    throw new SealMacError();
  }
  // Only a key whose token verified is kept: forged salts never fill the cache.
  if (!cached) keep(secret, parts.salt, key, opts);
  let json: string;
  try {
    json = decoder.decode(plain);
  } catch (cause) {
    throw new SealDecryptError({ cause });
  }
  const entry = { passwordId, json, iterations: 0, expiration };
  return verifiedText<T>(opts, passwords, token, secrets, entry, "Fe26.3");
}

// The AES-256-GCM key for one token's salt: HKDF-SHA256 (info "aes-256-gcm")
// over the secret's bytes — a string's UTF-8, or raw bytes — and the salt's.
async function derive(secret: Secret, salt: string, opts: ResolvedOptions): Promise<Key> {
  let base = opts.cache ? bases.get(secret) : undefined;
  if (!base) {
    base = crypto.importHkdf(typeof secret === "string" ? crypto.utf8(secret) : secret);
    if (opts.cache) bases.set(secret, base);
  }
  return crypto.deriveGcmKey(await base, crypto.utf8(salt), INFO);
}

// The key of a salt this process sealed or verified, from the key cache
// (beside the secret's PBKDF2 keys, under its bounds and `clear()`).
function known(secret: Secret, salt: string, opts: ResolvedOptions): Key | undefined {
  if (!opts.cache || typeof secret !== "string") return undefined;
  return cacheStore(opts.cache).secret(secret).derived.get(cacheName(salt));
}

function keep(secret: Secret, salt: string, key: Key, opts: ResolvedOptions): void {
  if (opts.cache && typeof secret === "string")
    cacheStore(opts.cache).secret(secret).derived.set(cacheName(salt), key);
}
