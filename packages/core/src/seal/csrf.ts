/**
 * @module The cryptography of session-bound CSRF tokens: an HMAC-SHA256 of
 * what a token is bound to (a session), under a key the password derives for
 * this one purpose, handed out masked with fresh random bytes each time — so
 * a page never repeats its token (no BREACH-style compression oracle), and
 * every masked form of one session's token checks alike.
 */
import type { Key } from "./crypto";
import { Lru } from "./lru";
import type { Secret } from "./password";
import { crypto } from "./provider";
import { randomBytes } from "./random";

const MAC_BYTES = 32;
// Sets the CSRF key apart from every key iron derives from the same password.
const LABEL = "sealed-session/csrf/v1";
const keys = new Lru<Secret, Promise<Key>>(64);

/**
 * A masked token for `binding` (the session's id, name and audience) under
 * `secret`: base64url of `mask ‖ (mac XOR mask)`, 86 characters.
 */
export async function issueCsrfToken(secret: Secret, binding: string): Promise<string> {
  const mac = await macOf(secret, binding);
  const masked = randomBytes(MAC_BYTES * 2);
  for (let i = 0; i < MAC_BYTES; i++)
    masked[MAC_BYTES + i] = (masked[i] as number) ^ (mac[i] as number);
  return crypto.encodeBase64Url(masked);
}

/**
 * Whether `token` is a masked token for `binding` under one of `secrets`
 * (every id of a rotation map: a form rendered before a rotation still
 * posts). Compared in constant time; a token of the wrong form is `false`.
 */
export async function checkCsrfToken(
  secrets: readonly Secret[],
  binding: string,
  token: string,
): Promise<boolean> {
  const bytes = token.length === 86 ? crypto.decodeBase64Url(token) : undefined;
  if (!bytes || bytes.length !== MAC_BYTES * 2) return false;
  let found = false;
  for (const secret of secrets) {
    const mac = await macOf(secret, binding);
    let diff = 0;
    for (let i = 0; i < MAC_BYTES; i++)
      diff |= (bytes[i] as number) ^ (bytes[MAC_BYTES + i] as number) ^ (mac[i] as number);
    found ||= diff === 0;
  }
  return found;
}

async function macOf(secret: Secret, binding: string): Promise<Uint8Array> {
  let key = keys.get(secret);
  if (!key) {
    key = csrfKey(secret);
    keys.set(secret, key);
    key.catch(() => keys.delete(secret));
  }
  return crypto.sign(await key, crypto.utf8(binding));
}

// HMAC-SHA256(secret, LABEL), imported as the HMAC key of this purpose.
async function csrfKey(secret: Secret): Promise<Key> {
  const raw = typeof secret === "string" ? crypto.utf8(secret) : secret;
  const derived = await crypto.sign(await crypto.importKey(raw, "sha256"), crypto.utf8(LABEL));
  return crypto.importKey(derived, "sha256");
}
