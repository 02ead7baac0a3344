/**
 * @module base64url without padding, as iron writes it. Table-driven rather
 * than btoa/atob: no binary strings, identical on every runtime, and strict
 * about the alphabet so malformed input is refused instead of silently skipped.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const CODES = new Uint8Array(64);
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  CODES[i] = ALPHABET.charCodeAt(i);
  DECODE[CODES[i] as number] = i;
}
// ASCII bytes to a string in one native call (UTF-8 decodes ASCII as is):
// faster than concatenating characters, and available on every runtime.
const ascii = new TextDecoder();

/** Encodes bytes as base64url with no padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil((length * 4) / 3));
  let o = 0;
  let i = 0;
  for (const full = length - (length % 3); i < full; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = CODES[n >>> 18] as number;
    out[o++] = CODES[(n >>> 12) & 63] as number;
    out[o++] = CODES[(n >>> 6) & 63] as number;
    out[o++] = CODES[n & 63] as number;
  }
  if (i < length) {
    const n = ((bytes[i] as number) << 16) | (i + 1 < length ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = CODES[n >>> 18] as number;
    out[o++] = CODES[(n >>> 12) & 63] as number;
    if (i + 1 < length) out[o++] = CODES[(n >>> 6) & 63] as number;
  }
  return ascii.decode(out);
}

/**
 * Decodes unpadded base64url. Returns `undefined` for any character outside
 * the alphabet or an impossible length, never throws.
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  const length = text.length;
  const tail = length % 4;
  if (tail === 1) return undefined;
  const out = new Uint8Array(((length - tail) / 4) * 3 + (tail === 0 ? 0 : tail - 1));
  let o = 0;
  let i = 0;
  for (const full = length - tail; i < full; i += 4) {
    const a = decodeChar(text, i);
    const b = decodeChar(text, i + 1);
    const c = decodeChar(text, i + 2);
    const d = decodeChar(text, i + 3);
    // Any invalid character is -1, which sets the sign bit of the OR.
    if ((a | b | c | d) < 0) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  if (tail > 0) {
    const a = decodeChar(text, i);
    const b = decodeChar(text, i + 1);
    const c = tail === 3 ? decodeChar(text, i + 2) : 0;
    if ((a | b | c) < 0) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >>> 16;
    if (tail === 3) out[o++] = (n >>> 8) & 255;
  }
  return out;
}

function decodeChar(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 256 ? (DECODE[code] as number) : -1;
}

/** Lower-case hex of `bytes`, the form iron uses for salts. */
export function encodeHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
