// Staging a session onto a Next.js cookie store (`await cookies()` in a
// server action or route handler, `NextResponse#cookies` in the proxy): the
// store keeps one cookie per name, so a chunk staged earlier in the request
// and absent now is expired in its place. Nothing else is here: every
// session rule is the core's.
import { restageByName, type StagedSession } from "@sealed-session/core/adapter";
import { parseSetCookie } from "cookie-es";

/** One cookie as Next's stores take it (`ResponseCookie` of `next/server`). */
export interface NextCookie {
  name: string;
  value: string;
  expires?: Date;
  maxAge?: number;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "lax" | "strict" | "none";
  partitioned?: boolean;
  priority?: "low" | "medium" | "high";
}

/** What the binding uses of a Next cookie store: `getAll` to read, `set` to write. */
export interface NextCookieStore {
  getAll(): ReadonlyArray<{ readonly name: string; readonly value: string }>;
  set(cookie: NextCookie): unknown;
}

/** The cookie names each session staged on one store, so a later write expires the ones it dropped. */
export type StagedNames = Map<string, Set<string>>;

/** The `Cookie` header the store holds (with the values set earlier in this request), for the core to parse. */
export function cookieHeader(store: NextCookieStore): string {
  let header = "";
  for (const { name, value } of store.getAll())
    header += `${header ? "; " : ""}${name}=${encodeURIComponent(value)}`;
  return header;
}

/** Puts session `name`'s cookies on `store`, expiring the ones it staged before and no longer has. */
export function stageOnStore(
  store: Pick<NextCookieStore, "set">,
  names: StagedNames,
  name: string,
  staged: StagedSession,
): void {
  let before = names.get(name);
  if (!before) names.set(name, (before = new Set()));
  for (const line of restageByName(before, staged.setCookies ?? [])) store.set(toNextCookie(line));
}

// cookie-es parses what core's serializer wrote; Next serializes it again
// (its `encodeURIComponent` leaves an iron token as it is).
function toNextCookie(line: string): NextCookie {
  const parsed = parseSetCookie(line);
  if (!parsed) throw new TypeError(`@sealed-session/next: not a Set-Cookie line: ${line}`);
  const { name, value, expires, maxAge, domain, path, secure, httpOnly, sameSite } = parsed;
  const cookie: NextCookie = { name, value, path, httpOnly, secure };
  if (expires !== undefined) cookie.expires = expires;
  if (maxAge !== undefined) cookie.maxAge = maxAge;
  if (domain !== undefined) cookie.domain = domain;
  if (typeof sameSite === "string") cookie.sameSite = sameSite;
  if (parsed.partitioned) cookie.partitioned = true;
  if (parsed.priority) cookie.priority = parsed.priority;
  return cookie;
}
