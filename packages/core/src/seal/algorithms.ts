/**
 * @module The algorithms of `Fe26.2` tokens: their key, IV and MAC sizes, and
 * iron's defaults.
 */
/** The encryption algorithms of `Fe26.2`. */
export type EncryptionAlgorithm = "aes-256-cbc" | "aes-128-ctr";
/** The integrity algorithm of `Fe26.2`. */
export type IntegrityAlgorithm = "sha256";

export interface AlgorithmInfo {
  /** Key size in bits. */
  readonly keyBits: number;
  /** Web Crypto's name of the algorithm. */
  readonly name: "AES-CBC" | "AES-CTR" | "HMAC";
}

export const ALGORITHMS: Readonly<Record<EncryptionAlgorithm | IntegrityAlgorithm, AlgorithmInfo>> =
  Object.freeze({
    "aes-256-cbc": Object.freeze({ keyBits: 256, name: "AES-CBC" }),
    "aes-128-ctr": Object.freeze({ keyBits: 128, name: "AES-CTR" }),
    sha256: Object.freeze({ keyBits: 256, name: "HMAC" }),
  });

/** Iron's IV size for both AES modes, in bytes. */
export const IV_BYTES = 16;
