/**
 * @module The MAC of a token: signing its base text, and comparing a MAC in
 * constant time.
 */
import type { Key } from "./crypto";
import { crypto } from "./provider";

/** The base64url HMAC of `text` under `key`. */
export async function sign(key: Key, text: string): Promise<string> {
  return crypto.encodeBase64Url(await crypto.sign(key, crypto.utf8(text)));
}

// Comparing the MAC's exact text rejects tokens whose MAC differs only in
// padding bits or alphabet, as @hapi/iron does; time does not depend on where
// the first difference is.
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
