/**
 * @module Reading a cookie svelte-kit-cookie-session 4 wrote: the session
 * JSON under AES-256-GCM with the secret's own 32 bytes as the key, as hex of
 * `nonce (12 bytes) ‖ ciphertext ‖ tag`, then `&id=<secret id>`; or, with
 * `chunked: true`, that hex cut into `<name>.0 … <name>.N-1` and a
 * `<name>.meta` cookie holding `N-<secret id>`. The JSON's `expires` (an ISO
 * date) is the session's end.
 */
import { parse } from "cookie-es";
import { OptionsInvalidError, SessionExpiredError, SessionInvalidError } from "../errors";
import { crypto } from "../seal/provider";
import type { SessionData } from "./record";
import type { MigratedCookie } from "./sources";

/** One of its secrets: its `id` (1 when it was given as a string) and 32 characters or bytes. */
export interface KitCookieSecret {
  readonly id: number;
  readonly secret: string;
}

const WHOLE = /^([0-9a-f]+)&id=(\d+)$/;
const META = /^(\d{1,3})-(\d+)$/;
const NONCE_BYTES = 12;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Its `secret` option as a list of `{ id, secret }`, checked at start-up (each 32 bytes, as it requires). */
export function kitSecrets(secret: unknown): readonly KitCookieSecret[] {
  const list = typeof secret === "string" ? [{ id: 1, secret }] : secret;
  const valid =
    Array.isArray(list) &&
    list.length > 0 &&
    list.every(
      (s: KitCookieSecret) =>
        Number.isSafeInteger(s?.id) &&
        typeof s.secret === "string" &&
        crypto.utf8(s.secret).length === 32,
    );
  if (!valid)
    throw new OptionsInvalidError(
      'migrateFrom: { from: "svelte-kit-cookie-session" } needs its secret: the string of 32 characters, or its list [{ id, secret }].',
    );
  return list as readonly KitCookieSecret[];
}

/** A reader of svelte-kit-cookie-session cookies named `cookieName`, encrypted under one of `secrets`. */
export function kitCookieReader(
  cookieName: string,
  secrets: readonly KitCookieSecret[],
): (header: string) => Promise<MigratedCookie> | undefined {
  const prefix = `${cookieName}.`;
  return (header) => {
    if (!header.includes(`${cookieName}=`) && !header.includes(`${prefix}meta=`)) return undefined;
    const cookies = parse(header, {
      filter: (key) => key === cookieName || key.startsWith(prefix),
    });
    const found = readCookies(cookies, cookieName);
    if (!found) return undefined;
    return open(found.hex, found.id, secrets).then(({ data, id }) => ({
      data,
      passwordId: String(id),
      cookies: found.names,
      bytes: found.hex.length,
    }));
  };
}

function readCookies(
  cookies: Record<string, string | undefined>,
  name: string,
): { hex: string; id: number; names: string[] } | undefined {
  const whole = WHOLE.exec(cookies[name] ?? "");
  if (whole) return { hex: whole[1] as string, id: Number(whole[2]), names: [name] };
  const meta = META.exec(cookies[`${name}.meta`] ?? "");
  if (!meta) return undefined;
  const names = [`${name}.meta`];
  let hex = "";
  for (let i = 0; i < Number(meta[1]); i++) {
    const chunk = cookies[`${name}.${i}`];
    if (chunk === undefined || !/^[0-9a-f]*$/.test(chunk)) return undefined;
    hex += chunk;
    names.push(`${name}.${i}`);
  }
  return { hex, id: Number(meta[2]), names };
}

// The secret of the cookie's id first, then the others (it may have been rotated since).
async function open(
  hex: string,
  id: number,
  secrets: readonly KitCookieSecret[],
): Promise<{ data: SessionData; id: number }> {
  const bytes = hex.length % 2 === 0 ? fromHex(hex) : undefined;
  if (!bytes || bytes.length < NONCE_BYTES + 16)
    throw new SessionInvalidError(
      "The svelte-kit-cookie-session cookie is not its hex ciphertext.",
    );
  const nonce = bytes.slice(0, NONCE_BYTES);
  const sealed = bytes.slice(NONCE_BYTES);
  const ordered = [...secrets].sort((a, b) => Number(b.id === id) - Number(a.id === id));
  for (const secret of ordered) {
    const plain = await crypto
      .importGcmKey(crypto.utf8(secret.secret))
      .then((key) => crypto.decryptGcm(key, nonce, sealed))
      .catch(() => undefined);
    if (plain) return { data: decode(plain), id: secret.id };
  }
  throw new SessionInvalidError(
    "The svelte-kit-cookie-session cookie opens under none of its secrets.",
  );
}

function decode(plain: Uint8Array): SessionData {
  let data: unknown;
  try {
    data = JSON.parse(decoder.decode(plain));
  } catch {
    throw new SessionInvalidError("The svelte-kit-cookie-session cookie does not hold JSON.");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new SessionInvalidError("The svelte-kit-cookie-session cookie does not hold an object.");
  const { expires, ...rest } = data as Record<string, unknown>;
  if (typeof expires === "string" && !(Date.parse(expires) > Date.now()))
    throw new SessionExpiredError("maxAge");
  return rest;
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[0-9a-f]*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
