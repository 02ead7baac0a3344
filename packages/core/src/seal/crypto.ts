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
  /**
   * AES-256-GCM decryption under a raw 32-byte key: `sealed` is the
   * ciphertext with its 16-byte tag after it (Web Crypto's layout). Rejects
   * when the tag does not verify.
   */
  openGcm(
    raw: Uint8Array,
    iv: Uint8Array<ArrayBuffer>,
    sealed: Uint8Array<ArrayBuffer>,
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
  async openGcm(raw, iv, sealed) {
    const key = await subtle.importKey("raw", raw.slice(), "AES-GCM", false, ["decrypt"]);
    return new Uint8Array(await subtle.decrypt({ name: "AES-GCM", iv }, key, sealed));
  },
  randomBytes: (size) => getRandomValues(new Uint8Array(size)),
  randomUUID: () => randomUUID(),
  utf8: (text) => encoder.encode(text),
  encodeBase64Url,
  decodeBase64Url,
};

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
