/**
 * @module Where a state-changing request says it came from: its
 * `Sec-Fetch-Site`, else its `Origin` against its `Host` — the first half of
 * the CSRF check, with the origins a config trusts checked at start-up.
 */
import { OptionsInvalidError } from "../errors";
import type { SessionExchange } from "./port";

/** `csrf.trustedOrigins` checked: each an origin as browsers send it (`https://app.example.com`). */
export function trustedOrigins(origins: readonly string[] | undefined): ReadonlySet<string> {
  if (origins === undefined) return EMPTY;
  if (!Array.isArray(origins))
    throw new OptionsInvalidError('csrf.trustedOrigins is a list: ["https://app.example.com"].');
  for (const origin of origins) {
    let parsed: string | undefined;
    try {
      parsed = new URL(origin).origin;
    } catch {}
    if (parsed !== origin || origin === "null")
      throw new OptionsInvalidError(
        `csrf.trustedOrigins takes origins as browsers send them (scheme://host[:port], no path or slash): ${JSON.stringify(origin)}${parsed && parsed !== "null" ? `; write "${parsed}"` : ""}.`,
      );
  }
  return new Set(origins);
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Whether the request came from another site, by the browser's own word:
 * `Sec-Fetch-Site` other than `same-origin` or `none` (a bookmark, the
 * address bar); without it (older browsers), an `Origin` whose host is not
 * the request's `Host`. A trusted origin is never cross-site. A request with
 * neither header (not a browser's) is left to the token.
 */
export function isCrossSite(exchange: SessionExchange, trusted: ReadonlySet<string>): boolean {
  const origin = exchange.getRequestHeader("origin") ?? undefined;
  if (origin !== undefined && trusted.has(origin)) return false;
  const site = exchange.getRequestHeader("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== exchange.getRequestHeader("host");
  } catch {
    return true; // "null" (a sandboxed frame, a file: page) or junk
  }
}
