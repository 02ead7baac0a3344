// Moving an app off Nuxt's built-in sessions (`nuxt/server`, Nuxt >= 4.6):
// the first `useAppSession(event)` of a user who still has Nuxt's cookie takes
// its data over and expires that cookie. Nuxt seals `{ nuxt: 1, id, data }`
// with iron-webcrypto's defaults (Fe26.2, 1 PBKDF2 iteration) under a password
// it derives from `runtimeConfig.appSecret`: HKDF-SHA256 (salt "nuxt", info
// "nuxt-session:<name>", 32 bytes), hex-encoded.
import { type SessionManager, unseal } from "@sealed-session/core";
import type { SessionExchange } from "@sealed-session/core/adapter";
import { parse, serialize } from "cookie-es";

/** Where Nuxt's built-in session cookie is, and how it was sealed (resolved by the module). */
export interface NuxtSessionSource {
  /** Its cookie name (Nuxt's `SessionConfig.name`). */
  readonly name: string;
  /** The password it was sealed with; empty for Nuxt's default (derived from `appSecret`). */
  readonly password: string;
  /** Its cookie's `path` and `domain`, to expire it where it was set. */
  readonly path: string;
  readonly domain?: string;
}

const SALT = new TextEncoder().encode("nuxt");
const derived = new Map<string, Promise<string>>();

/** The password Nuxt derives for session `name` from `appSecret` (as `deriveSecret("nuxt-session:<name>")`). */
export function nuxtSessionPassword(appSecret: string, name: string): Promise<string> {
  const id = `${name}\u0000${appSecret}`;
  let password = derived.get(id);
  if (!password) {
    password = derive(appSecret, `nuxt-session:${name}`);
    derived.set(id, password);
  }
  return password;
}

async function derive(secret: string, purpose: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveBits",
  ]);
  const info = encoder.encode(purpose);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: SALT, info },
    key,
    256,
  );
  return Array.from(new Uint8Array(bits), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Takes over the data of Nuxt's built-in session cookie, once: when the
 * request carries that cookie, it is expired, and its data (if it unseals, is
 * Nuxt's payload and has not expired) is written into `session` — unless
 * `session` already holds data, which then wins. The session keeps its own id.
 * After `legacyUntil` (ms since the epoch: the session config's
 * `acceptLegacyUntil`), the cookie is still expired but its data is no longer
 * taken over. Resolves to whether data was taken over.
 */
export async function adoptNuxtSession(
  exchange: SessionExchange,
  session: SessionManager,
  source: NuxtSessionSource,
  appSecret: string,
  legacyUntil = Number.POSITIVE_INFINITY,
): Promise<boolean> {
  const header = exchange.getRequestHeader("cookie") ?? "";
  // Most requests carry no such cookie: no parse for them.
  if (!header.includes(`${source.name}=`)) return false;
  const token = parse(header)[source.name];
  if (!token) return false;
  const expired = serialize(source.name, "", {
    path: source.path,
    domain: source.domain,
    maxAge: 0,
    expires: new Date(0),
  });
  exchange.stage(source.name, { setCookies: [expired] });
  if (Object.keys(session.data).length > 0 || Date.now() > legacyUntil) return false;
  const password = source.password || (await nuxtSessionPassword(appSecret, source.name));
  const payload = await unseal(token, password, { legacyFallback: true }).catch(() => undefined);
  if (!isNuxtPayload(payload) || Object.keys(payload.data).length === 0) return false;
  await session.update(payload.data);
  return true;
}

function isNuxtPayload(
  value: unknown,
): value is { nuxt: 1; id: string; data: Record<string, unknown> } {
  if (value === null || typeof value !== "object") return false;
  const { nuxt, id, data } = value as Record<string, unknown>;
  return (
    nuxt === 1 &&
    typeof id === "string" &&
    data !== null &&
    typeof data === "object" &&
    !Array.isArray(data)
  );
}
