/**
 * @module A session's value in cookies: h3's chunk format (`__chunked__N` and
 * `<name>.1…N`), reading and writing it, the size the browser sends back, and
 * staging one session's `Set-Cookie` values in place of earlier ones.
 */
import { type CookieSerializeOptions, parse, parseSetCookie, serialize } from "cookie-es";

/** The value of a main cookie whose session is split into `N` chunk cookies: `__chunked__N` (h3 v2's scheme). */
export const CHUNKED_PREFIX = "__chunked__";
/** The longest a browser keeps a cookie, in seconds: 400 days (RFC 6265bis). */
export const MAX_COOKIE_AGE = 400 * 24 * 60 * 60;
/** h3's bound on the number of chunks of one cookie. */
export const MAX_CHUNKS = 100;

/** Options of the session cookie: cookie-es's serialize options. */
export type CookieOptions = Omit<CookieSerializeOptions, "encode" | "stringify">;

/** A possibly chunked cookie as the request carried it. */
export interface RequestCookie {
  /** The joined value, or `undefined` when absent or incomplete. */
  readonly value: string | undefined;
  /**
   * The numbers `N` of the chunk cookies `name.N` the request carried (1 to
   * `MAX_CHUNKS`, ascending): a write or clear expires those it no longer
   * uses. Only cookies that are there: a forged `__chunked__100` with none
   * draws no deletions.
   */
  readonly chunks: readonly number[];
}

/**
 * Reads cookie `name` from a `Cookie` header, joining `name.1 … name.N` when
 * the main cookie is `__chunked__N`. A missing chunk makes the whole value
 * `undefined` (a half-written session is no session).
 */
export function readChunkedCookie(header: string | null | undefined, name: string): RequestCookie {
  if (!header) return NONE;
  const cookies = parse(header, { filter: (key) => key === name || key.startsWith(`${name}.`) });
  const main = cookies[name];
  if (main === undefined) return NONE;
  const chunks = presentChunks(cookies, name);
  const count = chunkCount(main);
  if (count === undefined) return { value: main || undefined, chunks };
  let value = "";
  for (let i = 1; i <= count; i++) {
    const chunk = cookies[`${name}.${i}`];
    if (!chunk) return { value: undefined, chunks };
    value += chunk;
  }
  return { value: value || undefined, chunks };
}

/** What writing one session value costs. */
export interface CookieWrite {
  /** The `Set-Cookie` values: the main cookie, its chunks, and expirations of stale chunks. */
  readonly setCookies: string[];
  /** The same cookies, unserialized. */
  readonly staged: Array<{ name: string; value: string; options: CookieOptions }>;
  /** How many cookies hold the value (1, or 1 + the chunks). */
  readonly cookies: number;
  /**
   * Bytes the browser sends back for this session in its `Cookie` header: the
   * `name=value` pairs of the main cookie and every chunk, joined by `; `.
   */
  readonly requestBytes: number;
}

/**
 * The `Set-Cookie` values that store `value` under `name`, split into chunks
 * of at most `chunkMaxLength` characters when longer, and expiring chunks
 * that the request carried beyond the new count.
 */
export function writeChunkedCookie(
  name: string,
  value: string,
  options: CookieOptions,
  chunkMaxLength: number,
  requestChunks: readonly number[],
): CookieWrite {
  // Tokens are base64url, digits, "." and "*": they need no encoding, so the
  // length of the value is the length on the wire.
  const pairs: Array<[string, string]> = [];
  if (value.length <= chunkMaxLength) {
    pairs.push([name, value]);
  } else {
    const count = Math.ceil(value.length / chunkMaxLength);
    pairs.push([name, `${CHUNKED_PREFIX}${count}`]);
    for (let i = 0; i < count; i++)
      pairs.push([`${name}.${i + 1}`, value.slice(i * chunkMaxLength, (i + 1) * chunkMaxLength)]);
  }
  const staged = pairs.map(([n, value]) => ({ name: n, value, options }));
  const written = pairs.length === 1 ? 0 : pairs.length - 1;
  // Every chunk the request carried outside 1…written goes (`name.0`, which
  // another library may have left, included).
  for (const i of requestChunks)
    if (i < 1 || i > written) staged.push(expired(`${name}.${i}`, options));
  let requestBytes = 2 * (pairs.length - 1);
  for (const [n, v] of pairs) requestBytes += n.length + 1 + v.length;
  return { setCookies: staged.map(toSetCookie), staged, cookies: pairs.length, requestBytes };
}

/** What a session stages to delete cookie `name` and the chunks the request carried. */
export function expireChunkedCookie(
  name: string,
  options: CookieOptions,
  requestChunks: readonly number[],
): {
  setCookies: string[];
  cookies: Array<{ name: string; value: string; options: CookieOptions }>;
} {
  const cookies = [expired(name, options)];
  for (const i of requestChunks) cookies.push(expired(`${name}.${i}`, options));
  return { setCookies: cookies.map(toSetCookie), cookies };
}

/**
 * Replaces every staged `Set-Cookie` of session `name` (the main cookie and
 * its chunks) with `fresh`: a later write for a session in the same response
 * supersedes the earlier one. Other cookies keep their order.
 */
export function restage(
  staged: readonly string[],
  name: string,
  fresh: readonly string[],
): string[] {
  return [...staged.filter((cookie) => !isSessionCookie(cookie, name)), ...fresh];
}

/**
 * `restage` for a store that keeps one cookie per name and cannot take back
 * a `Set-Cookie` (Next's `cookies()`, TanStack Start's response helpers):
 * `fresh` with an expiry added for each cookie in `staged` — the names this
 * session staged earlier in the response — that `fresh` no longer sets, at
 * the path and domain of `fresh`. `staged` gains the names of `fresh`.
 */
export function restageByName(staged: Set<string>, fresh: readonly string[]): string[] {
  const cookies = fresh.flatMap((line) => parseSetCookie(line) ?? []);
  const names = new Set(cookies.map((cookie) => cookie.name));
  const scope = { path: cookies[0]?.path, domain: cookies[0]?.domain, maxAge: 0 };
  const expired = [...staged]
    .filter((name) => !names.has(name))
    .map((name) => serialize(name, "", { ...scope, expires: new Date(0) }));
  for (const name of names) staged.add(name);
  return [...fresh, ...expired];
}

/**
 * Stages session `name` on a Web `Headers` (a response's, or h3's
 * `errHeaders`): its `Set-Cookie` values replace those staged for it before,
 * other cookies keep their order, and `header` is set. Throws the `Headers`
 * error, before changing anything, when they are immutable.
 */
export function stageOnHeaders(
  target: Headers,
  name: string,
  staged: { readonly setCookies?: readonly string[]; readonly header?: readonly [string, string] },
): void {
  if (staged.setCookies) {
    const values = restage(target.getSetCookie(), name, staged.setCookies);
    target.delete("set-cookie");
    for (const value of values) target.append("set-cookie", value);
  }
  if (staged.header) target.set(staged.header[0], staged.header[1]);
}

/** `true` when a `Set-Cookie` value is for `name` or one of its chunks `name.N`. */
export function isSessionCookie(setCookie: string, name: string): boolean {
  if (!setCookie.startsWith(name)) return false;
  const rest = setCookie.slice(name.length);
  return rest.startsWith("=") || /^\.\d+=/.test(rest);
}

// `Max-Age=0` alone, as h3 deletes cookies (every browser honours it over Expires).
function expired(name: string, options: CookieOptions) {
  return { name, value: "", options: { ...options, maxAge: 0 } };
}

// No encoding: a token needs none (encodeURIComponent would copy it unchanged).
function toSetCookie(cookie: { name: string; value: string; options: CookieOptions }): string {
  return serialize(cookie.name, cookie.value, { ...cookie.options, encode: asIs });
}

const asIs = (value: string) => value;

function chunkCount(value: string): number | undefined {
  if (!value.startsWith(CHUNKED_PREFIX)) return undefined;
  const count = Number(value.slice(CHUNKED_PREFIX.length));
  return Number.isInteger(count) && count >= 0 && count <= MAX_CHUNKS ? count : 0;
}

// The N of every `name.N` cookie present, 1 ≤ N ≤ MAX_CHUNKS, ascending.
function presentChunks(cookies: Record<string, string | undefined>, name: string): number[] {
  const chunks: number[] = [];
  for (const key in cookies) {
    if (key.length <= name.length + 1 || key.length > name.length + 4) continue;
    const n = key.slice(name.length + 1);
    if (CHUNK_NUMBER.test(n) && Number(n) <= MAX_CHUNKS) chunks.push(Number(n));
  }
  return chunks.length > 1 ? chunks.sort((a, b) => a - b) : chunks;
}

const CHUNK_NUMBER = /^[1-9]\d{0,2}$/;
const NO_CHUNKS: readonly number[] = Object.freeze([]);
const NONE: RequestCookie = Object.freeze({ value: undefined, chunks: NO_CHUNKS });
