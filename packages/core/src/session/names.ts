/**
 * @module Names: what a session name may be, the cookie prefixes' rules
 * (`__Host-`, `__Secure-`, `__Http-`, `__Host-Http-`), and the session header's name.
 */
import type { CookieOptions } from "../cookie/chunked";
import { OptionsInvalidError } from "../errors";

/** The characters of a cookie or header name (RFC 9110 `token`). */
export const TOKEN_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Refuses cookie attributes a browser would drop the cookie for, by its name's
 * prefix (matched without regard to case, as browsers do): `__Secure-` needs
 * `Secure`; `__Host-` needs `Secure`, `Path=/` and no `Domain`; `__Http-`
 * needs `Secure` and `HttpOnly`; `__Host-Http-` all four. Every name is
 * checked, however short (`__Host-a` too).
 */
export function checkCookiePrefix(name: string, cookie: Readonly<CookieOptions>): void {
  const lower = name.toLowerCase();
  const prefix = PREFIXES.find((p) => lower.startsWith(p.toLowerCase()));
  if (!prefix) return;
  const host = prefix.startsWith("__Host-");
  const wrong: string[] = [];
  if (!cookie.secure) wrong.push("Secure (cookie.secure: true)");
  if (prefix.endsWith("Http-") && !cookie.httpOnly) wrong.push("HttpOnly (cookie.httpOnly: true)");
  if (host && cookie.path !== "/") wrong.push('Path=/ (cookie.path: "/")');
  if (host && cookie.domain) wrong.push("no Domain (leave cookie.domain out)");
  if (wrong.length > 0) {
    throw new OptionsInvalidError(
      `A cookie named "${name}" needs ${wrong.join(", ")}: browsers drop a ${prefix} cookie without it, and every session would be lost. Fix the cookie options, or choose a name without the ${prefix} prefix.`,
    );
  }
}

// The cookie prefixes browsers enforce, longest first: __Host-Http- and
// __Http- (Chromium 140, Firefox 143) also require HttpOnly.
const PREFIXES = ["__Host-Http-", "__Http-", "__Host-", "__Secure-"] as const;

// Headers that carry something else: the session cannot read or answer in them.
const RESERVED_HEADERS = new Set([
  "cookie",
  "set-cookie",
  "set-cookie2",
  "host",
  "content-length",
  "content-type",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "proxy-connection",
]);

/** The lower-case session header from `sessionHeader` (`undefined` when `false`); refuses a name that is not a header's or is reserved. */
export function sessionHeaderOf(option: unknown, name: string): string | undefined {
  if (option === false) return undefined;
  if (option !== undefined && (typeof option !== "string" || !TOKEN_NAME.test(option))) {
    throw new OptionsInvalidError(
      `sessionHeader must be a header name (letters, digits and !#$%&'*+-.^_\`|~) or false, not ${JSON.stringify(option)}.`,
    );
  }
  const header = ((option as string | undefined) ?? `x-${name}-session`).toLowerCase();
  if (RESERVED_HEADERS.has(header)) {
    throw new OptionsInvalidError(
      `sessionHeader cannot be "${header}": that header carries something else (cookies, framing or the connection). Use a header of its own, such as "x-${name}-session", or false.`,
    );
  }
  return header;
}

/** The prefixes `cookiePrefix` takes. */
export type CookiePrefix = "__Host-" | "__Host-Http-";

/** `cookiePrefix` checked: the prefix to put before `name`, or `""`. */
export function prefixOf(option: unknown, name: string): CookiePrefix | "" {
  if (option === undefined || option === false) return "";
  if (option !== "__Host-" && option !== "__Host-Http-")
    throw new OptionsInvalidError(
      `cookiePrefix is "__Host-", "__Host-Http-" or false, not ${JSON.stringify(option)}.`,
    );
  if (/^__(host|secure|http)-/i.test(name))
    throw new OptionsInvalidError(
      `The session name "${name}" has a prefix already: with cookiePrefix, give the plain name ("${name.replace(/^(__[a-z]+-)+/i, "")}").`,
    );
  return option;
}

/**
 * Whether `host` (a Host header) is a development machine's — `localhost`,
 * a `*.localhost` name, `127.0.0.1` or `[::1]`, any port — where an app is
 * served over plain http and Safari drops `Secure` (so `__Host-`) cookies.
 */
export function isDevelopmentHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const name = (
    host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]
  )?.toLowerCase();
  return (
    name === "localhost" ||
    !!name?.endsWith(".localhost") ||
    name === "127.0.0.1" ||
    name === "[::1]"
  );
}
