// base64url without padding, as iron writes it. Table-driven rather than
// btoa/atob: no binary strings, identical on every runtime, and strict about
// the alphabet so malformed input is refused instead of silently skipped.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ENCODE = Array.from(ALPHABET);
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as base64url with no padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = "";
  const full = bytes.length - (bytes.length % 3);
  let i = 0;
  for (; i < full; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out +=
      (ENCODE[n >>> 18] as string) + (ENCODE[(n >>> 12) & 63] as string) + (ENCODE[(n >>> 6) & 63] as string) + (ENCODE[n & 63] as string);
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += (ENCODE[n >>> 18] as string) + (ENCODE[(n >>> 12) & 63] as string);
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += (ENCODE[n >>> 18] as string) + (ENCODE[(n >>> 12) & 63] as string) + (ENCODE[(n >>> 6) & 63] as string);
  }
  return out;
}

/**
 * Decodes unpadded base64url. Returns `undefined` for any character outside
 * the alphabet or an impossible length, never throws.
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  const length = text.length;
  if (length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let o = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (DECODE[code] as number) : -1;
    if (value < 0) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >>> bits) & 0xff;
    }
  }
  return out;
}

/** Lower-case hex of `bytes`, the form iron uses for salts. */
export function encodeHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
