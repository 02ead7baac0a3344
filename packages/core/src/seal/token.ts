/**
 * @module The `Fe26.2` token format: parsing its eight parts strictly, and what
 * may be sealed into one.
 */
import { SealMalformedError } from "../errors";
import { IV_BYTES } from "./algorithms";
import { crypto } from "./provider";

/** The prefix of every iron token: the `Fe26` format, MAC version 2. */
export const MAC_PREFIX = "Fe26.2";

/**
 * The eight parts of an `Fe26.2` token, checked for form (not authenticity):
 * `Fe26.2*<passwordId>*<encSalt>*<iv>*<ciphertext>*<expiration>*<macSalt>*<mac>`.
 */
export interface TokenParts {
  readonly passwordId: string;
  readonly encryptionSalt: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly ciphertext: Uint8Array<ArrayBuffer>;
  /** When the token expires, in milliseconds since the epoch; `undefined` when it never does. */
  readonly expiration: number | undefined;
  readonly macSalt: string;
  readonly mac: string;
  /** The text the MAC covers: the first six parts joined by `*`. */
  readonly macBase: string;
}

const ID = /^\w*$/;
const SALT = /^[\w-]{0,1024}$/;
const MAC = /^[\w-]{43}$/;
const EXPIRATION = /^\d{1,16}$/;

/**
 * Splits and validates a token without any cryptography, so a malformed one
 * costs no key derivation. Throws `SealMalformedError`.
 */
export function parseToken(token: unknown): TokenParts {
  if (typeof token !== "string") throw malformed("the token is not a string");
  if (!token.startsWith(`${MAC_PREFIX}*`)) throw malformed("wrong prefix");
  const parts = splitExactly(token, 7);
  if (!parts) throw malformed("not 8 parts");
  const [, passwordId, encryptionSalt, ivText, ciphertextText, expirationText, macSalt, mac] =
    parts as [string, string, string, string, string, string, string, string];
  if (!ID.test(passwordId)) throw malformed("invalid password id");
  if (!SALT.test(encryptionSalt) || !SALT.test(macSalt)) throw malformed("invalid salt");
  if (!MAC.test(mac)) throw malformed("invalid MAC");
  if (expirationText !== "" && !EXPIRATION.test(expirationText))
    throw malformed("invalid expiration");
  const iv = crypto.decodeBase64Url(ivText);
  if (!iv || iv.length !== IV_BYTES) throw malformed("invalid IV");
  const ciphertext = crypto.decodeBase64Url(ciphertextText);
  if (!ciphertext || ciphertext.length === 0) throw malformed("invalid ciphertext");
  return {
    passwordId,
    encryptionSalt,
    iv,
    ciphertext,
    expiration: expirationText === "" ? undefined : Number(expirationText),
    macSalt,
    mac,
    macBase: token.slice(0, token.length - macSalt.length - mac.length - 2),
  };
}

/**
 * Whether the fields a seal writes parse here and in every other iron
 * implementation: salts of base64url characters, an expiration of whole
 * milliseconds. A token that would not is never handed out (nor remembered),
 * so no token can be read only by the server that sealed it.
 */
export function sealableFields(
  encryptionSalt: string,
  macSalt: string,
  expiration: number | undefined,
): boolean {
  return (
    SALT.test(encryptionSalt) &&
    SALT.test(macSalt) &&
    (expiration === undefined || EXPIRATION.test(String(expiration)))
  );
}

/**
 * Splits `token` at exactly `count` `*` separators, without splitting the
 * whole string: a huge junk token with many `*` allocates nothing.
 * `undefined` for any other number of separators.
 */
export function splitExactly(token: string, count: number): string[] | undefined {
  const cuts: number[] = [];
  for (let at = token.indexOf("*"); at !== -1; at = token.indexOf("*", at + 1)) {
    if (cuts.push(at) > count) return undefined;
  }
  if (cuts.length !== count) return undefined;
  const parts: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    parts.push(token.slice(from, cut));
    from = cut + 1;
  }
  parts.push(token.slice(from));
  return parts;
}

/** A `SealMalformedError` whose cause says what was wrong with the token's form. */
export function malformed(reason: string): SealMalformedError {
  return new SealMalformedError({ cause: new Error(reason) });
}

/**
 * Compares a computed MAC with a token's: the exact text, so a MAC differing
 * only in padding bits or alphabet is refused, as @hapi/iron does; the time
 * taken does not depend on where the first difference is.
 */
export function sameMac(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
