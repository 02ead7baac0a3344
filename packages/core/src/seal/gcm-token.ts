/**
 * @module The `Fe26.3` token format (experimental: iron-webcrypto's AEAD
 * draft, PR #18, unpublished): its six parts parsed strictly, and the framing
 * its AES-256-GCM tag authenticates.
 *
 * `Fe26.3*<passwordId>*<salt>*<iv>*<ciphertext+tag>*<expiration>`
 */
import { crypto } from "./provider";
import { malformed, splitExactly } from "./token";

/** The parts of an `Fe26.3` token, checked for form (not authenticity). */
export interface GcmTokenParts {
  readonly passwordId: string;
  /** The HKDF salt as written (hex from this library and the draft); its UTF-8 bytes salt the key. */
  readonly salt: string;
  /** The 96-bit GCM IV. */
  readonly iv: Uint8Array<ArrayBuffer>;
  /** The ciphertext with its 16-byte tag after it. */
  readonly sealed: Uint8Array<ArrayBuffer>;
  /** When the token expires, in milliseconds since the epoch; `undefined` when it never does. */
  readonly expiration: number | undefined;
  /** The additional authenticated data: every part but the ciphertext, joined by `*`. */
  readonly aad: string;
}

/** The IV size of `Fe26.3`: 96 bits. */
export const GCM_IV_BYTES = 12;
const TAG_BYTES = 16;
const ID = /^\w*$/;
const SALT = /^[\w-]{0,1024}$/;
// The draft refuses a leading zero; 16 digits are enough until the year 318857.
const EXPIRATION = /^[1-9]\d{0,15}$/;

/** The AAD of an `Fe26.3` token: `Fe26.3*<id>*<salt>*<iv>*<expiration>`. */
export function gcmAad(
  passwordId: string,
  salt: string,
  ivText: string,
  expiration: number | undefined,
): string {
  return `Fe26.3*${passwordId}*${salt}*${ivText}*${expiration ?? ""}`;
}

/** Whether an expiration (ms since the epoch) is one every `Fe26.3` reader parses. */
export function gcmExpirationWritable(expiration: number | undefined): boolean {
  return expiration === undefined || EXPIRATION.test(String(expiration));
}

/** Splits and validates an `Fe26.3` token without any cryptography. Throws `SealMalformedError`. */
export function parseGcmToken(token: string): GcmTokenParts {
  if (!token.startsWith("Fe26.3*")) throw malformed("wrong prefix");
  const parts = splitExactly(token, 5);
  if (!parts) throw malformed("not 6 parts");
  const [, passwordId, salt, ivText, sealedText, expirationText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!ID.test(passwordId)) throw malformed("invalid password id");
  if (!SALT.test(salt)) throw malformed("invalid salt");
  if (expirationText !== "" && !EXPIRATION.test(expirationText))
    throw malformed("invalid expiration");
  const iv = crypto.decodeBase64Url(ivText);
  if (!iv || iv.length !== GCM_IV_BYTES) throw malformed("invalid IV");
  const sealed = canonical(sealedText) ? crypto.decodeBase64Url(sealedText) : undefined;
  if (!sealed || sealed.length <= TAG_BYTES) throw malformed("invalid ciphertext");
  const expiration = expirationText === "" ? undefined : Number(expirationText);
  return {
    passwordId,
    salt,
    iv,
    sealed,
    expiration,
    aad: gcmAad(passwordId, salt, ivText, expiration),
  };
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Whether the unused low bits of unpadded base64url's last character are zero,
// as every encoder writes them: otherwise several texts would carry one
// ciphertext, and a token could be changed without its tag noticing.
function canonical(text: string): boolean {
  const spare = text.length % 4 === 2 ? 15 : text.length % 4 === 3 ? 3 : 0;
  return spare === 0 || (ALPHABET.indexOf(text.charAt(text.length - 1)) & spare) === 0;
}
