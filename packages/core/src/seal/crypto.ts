/**
 * @module The crypto port: every cryptographic call of the seal layer, the only
 * layer that makes any. The sealing code holds keys as opaque `Key`s and calls
 * only these functions; `webCrypto` implements them on Web Crypto (every
 * runtime, through uncrypto). Another provider (node:crypto) implements the
 * same port.
 */
import { getRandomValues, randomUUID, subtle } from "uncrypto";
import { ALGORITHMS, type EncryptionAlgorithm, type IntegrityAlgorithm } from "./algorithms";
import { decodeBase64Url, encodeBase64Url } from "./base64";

declare const opaque: unique symbol;
/** A key as a provider holds it: only that provider's functions use it. */
export type Key = { readonly [opaque]: true };

/** Every algorithm a key can be for. */
export type KeyAlgorithm = EncryptionAlgorithm | IntegrityAlgorithm;

/** What the seal layer needs of a cryptography implementation. */
export interface CryptoProvider {
  /** A password string, ready for PBKDF2. */
  importPassword(secret: string): Promise<Key>;
  /** PBKDF2-SHA1 of an imported password with `salt` (its UTF-8 bytes), as a key for `algorithm`. */
  deriveKey(password: Key, salt: string, iterations: number, algorithm: KeyAlgorithm): Promise<Key>;
  /** Raw key bytes as a key for `algorithm`: exactly the AES key size, any size for HMAC. */
  importKey(raw: Uint8Array, algorithm: KeyAlgorithm): Promise<Key>;
  /** AES-CBC (PKCS#7 padding) or AES-CTR with a 128-bit counter block. */
  encrypt(
    algorithm: EncryptionAlgorithm,
    key: Key,
    iv: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<Uint8Array>;
  /** The reverse of `encrypt`; rejects on bad padding. */
  decrypt(
    algorithm: EncryptionAlgorithm,
    key: Key,
    iv: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<Uint8Array>;
  /** HMAC-SHA256 of `data`. */
  sign(key: Key, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array>;
  /** A secret's bytes (a string's UTF-8, or raw bytes), ready for HKDF-SHA256. */
  importHkdf(secret: Uint8Array): Promise<Key>;
  /** HKDF-SHA256 of an imported secret with `salt` and `info`: a 32-byte AES-256-GCM key. */
  deriveGcmKey(base: Key, salt: Uint8Array, info: Uint8Array): Promise<Key>;
  /** Exactly 32 raw bytes as an AES-256-GCM key. */
  importGcmKey(raw: Uint8Array): Promise<Key>;
  /**
   * AES-256-GCM encryption with a 96-bit IV: the ciphertext with its 16-byte
   * tag after it (Web Crypto's layout). `aad` is authenticated, not encrypted.
   */
  encryptGcm(
    key: Key,
    iv: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
    aad?: Uint8Array<ArrayBuffer>,
  ): Promise<Uint8Array>;
  /** The reverse of `encryptGcm`; rejects when the tag does not verify. */
  decryptGcm(
    key: Key,
    iv: Uint8Array<ArrayBuffer>,
    sealed: Uint8Array<ArrayBuffer>,
    aad?: Uint8Array<ArrayBuffer>,
  ): Promise<Uint8Array>;
  /** `size` bytes from a CSPRNG. */
  randomBytes(size: number): Uint8Array<ArrayBuffer>;
  /** A random (v4) UUID: a new session's id by default. */
  randomUUID(): string;
  /** The UTF-8 bytes of `text`. */
  utf8(text: string): Uint8Array<ArrayBuffer>;
  /** `bytes` as base64url with no padding, as iron writes it. */
  encodeBase64Url(bytes: Uint8Array): string;
  /** Unpadded base64url to bytes; `undefined` for any character outside the alphabet or an impossible length. */
  decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined;
}

const encoder = new TextEncoder();
const web = (key: Key) => key as unknown as CryptoKey;
const opaqueKey = (key: CryptoKey) => key as unknown as Key;

/** The Web Crypto provider. */
export const webCrypto: CryptoProvider = {
  importPassword: async (secret) =>
    opaqueKey(
      await subtle.importKey("raw", encoder.encode(secret), "PBKDF2", false, ["deriveKey"]),
    ),
  async deriveKey(password, salt, iterations, algorithm) {
    const params = { name: "PBKDF2", hash: "SHA-1", salt: encoder.encode(salt), iterations };
    return opaqueKey(
      await subtle.deriveKey(
        params,
        web(password),
        importParams(algorithm),
        false,
        usages(algorithm),
      ),
    );
  },
  async importKey(raw, algorithm) {
    // Web Crypto sizes an AES key by its bytes (16 bytes would quietly be AES-128), and an HMAC key by `length`.
    const { keyBits, name } = ALGORITHMS[algorithm];
    if (name !== "HMAC" && raw.length * 8 !== keyBits)
      throw new RangeError(`${algorithm} takes a ${keyBits / 8}-byte key`);
    const params = name === "HMAC" ? { name, hash: "SHA-256" } : { name };
    return opaqueKey(await subtle.importKey("raw", raw.slice(), params, false, usages(algorithm)));
  },
  encrypt: async (algorithm, key, iv, data) =>
    new Uint8Array(await subtle.encrypt(cipherParams(algorithm, iv), web(key), data)),
  decrypt: async (algorithm, key, iv, data) =>
    new Uint8Array(await subtle.decrypt(cipherParams(algorithm, iv), web(key), data)),
  sign: async (key, data) => new Uint8Array(await subtle.sign("HMAC", web(key), data)),
  importHkdf: async (secret) =>
    opaqueKey(await subtle.importKey("raw", secret.slice(), "HKDF", false, ["deriveKey"])),
  async deriveGcmKey(base, salt, info) {
    const params = { name: "HKDF", hash: "SHA-256", salt: salt.slice(), info: info.slice() };
    const aes = { name: "AES-GCM", length: 256 };
    return opaqueKey(await subtle.deriveKey(params, web(base), aes, false, ["encrypt", "decrypt"]));
  },
  async importGcmKey(raw) {
    if (raw.length !== 32) throw new RangeError("AES-256-GCM takes a 32-byte key");
    return opaqueKey(
      await subtle.importKey("raw", raw.slice(), "AES-GCM", false, ["encrypt", "decrypt"]),
    );
  },
  encryptGcm: async (key, iv, data, aad) =>
    new Uint8Array(await subtle.encrypt(gcmParams(iv, aad), web(key), data)),
  decryptGcm: async (key, iv, sealed, aad) =>
    new Uint8Array(await subtle.decrypt(gcmParams(iv, aad), web(key), sealed)),
  randomBytes: (size) => getRandomValues(new Uint8Array(size)),
  randomUUID: () => randomUUID(),
  utf8: (text) => encoder.encode(text),
  encodeBase64Url,
  decodeBase64Url,
};

function gcmParams(iv: Uint8Array<ArrayBuffer>, aad?: Uint8Array<ArrayBuffer>): AesGcmParams {
  return aad === undefined ? { name: "AES-GCM", iv } : { name: "AES-GCM", iv, additionalData: aad };
}

function importParams(algorithm: KeyAlgorithm): AesDerivedKeyParams | HmacImportParams {
  const info = ALGORITHMS[algorithm];
  return info.name === "HMAC"
    ? { name: "HMAC", hash: "SHA-256", length: info.keyBits }
    : { name: info.name, length: info.keyBits };
}

function usages(algorithm: KeyAlgorithm): KeyUsage[] {
  return algorithm === "sha256" ? ["sign", "verify"] : ["encrypt", "decrypt"];
}

function cipherParams(
  algorithm: EncryptionAlgorithm,
  iv: Uint8Array<ArrayBuffer>,
): AesCbcParams | AesCtrParams {
  return algorithm === "aes-128-ctr"
    ? { name: "AES-CTR", counter: iv, length: 128 }
    : { name: "AES-CBC", iv };
}
