/**
 * @module React Router's `SessionStorage` on sealed sessions: the drop-in for
 * `createCookieSessionStorage`, so loaders and actions written for it keep
 * working.
 */
import type { SessionConfig, SessionData } from "@sealed-session/core";
import {
  openSessionNow,
  resolveSessionConfig,
  type SessionExchange,
  type StagedCookie,
  type StagedSession,
} from "@sealed-session/core/adapter";
import { serialize } from "cookie-es";
import { type CookieSerializeOptions, createSession, type SessionStorage } from "react-router";

/** React Router's default cookie name, which `createSealedSessionStorage` keeps. */
export const STORAGE_NAME = "__session";

/**
 * A `SessionStorage` whose cookie is sealed (encrypted and signed) instead of
 * signed only: `getSession(cookieHeader)`, `commitSession(session)` and
 * `destroySession(session)` behave as `createCookieSessionStorage`'s, so
 * existing loaders and actions keep working. `commitSession` returns one
 * `Set-Cookie` value, so a session must fit one cookie (about 4 KB): a
 * bigger one throws `SessionTooLargeError` — the `session()` middleware
 * writes chunks instead. With `migrateFrom: [{ from: "react-router",
 * secrets }]` the cookies `createCookieSessionStorage` signed are read and
 * resealed on their next commit, under the same name (`__session` unless
 * `name` says otherwise). Configuration mistakes throw here, at start-up.
 *
 * @example
 * ```ts
 * export const { getSession, commitSession, destroySession } = createSealedSessionStorage({
 *   password: process.env.SESSION_PASSWORD!,
 *   maxAge: 60 * 60 * 24 * 30,
 *   migrateFrom: [{ from: "react-router", secrets: [process.env.COOKIE_SECRET!] }],
 * });
 * ```
 */
export function createSealedSessionStorage<Data = SessionData, FlashData = Data>(
  config: SessionConfig,
): SessionStorage<Data, FlashData> {
  const name = config.name ?? STORAGE_NAME;
  for (const source of config.migrateFrom ?? [])
    if ((source.cookieName ?? (source.from === "react-router" ? STORAGE_NAME : name)) !== name)
      throw new Error(
        `createSealedSessionStorage writes one cookie, so migrateFrom must read the cookie of the same name: set name: "${source.cookieName}" (or the old cookie's name to "${name}").`,
      );
  const resolved = resolveSessionConfig({ ...config, name });
  // One cookie: a session past the length the core would start chunking at is refused.
  const sealed: SessionConfig = {
    ...config,
    name,
    maxSize: Math.min(resolved.maxSize, resolved.chunkMaxLength + name.length + 1),
  };
  resolveSessionConfig(sealed);
  const headers = new WeakMap<object, string | null>();

  return {
    async getSession(cookieHeader) {
      const manager = await openSessionNow(new OneCookie(cookieHeader ?? null, true), sealed);
      const session = createSession<Data, FlashData>(
        structuredClone(manager.data) as never,
        manager.id,
      );
      headers.set(session, cookieHeader ?? null);
      return session;
    },
    async commitSession(session, options) {
      const exchange = new OneCookie(headers.get(session) ?? null, false);
      const manager = await openSessionNow(exchange, sealed);
      const data = manager.data as Record<string, unknown>;
      for (const key of Object.keys(data)) delete data[key];
      Object.assign(data, session.data);
      await manager.update();
      return exchange.line(options);
    },
    async destroySession(session, options) {
      const exchange = new OneCookie(headers.get(session) ?? null, false);
      await (await openSessionNow(exchange, sealed)).clear();
      return exchange.line(options);
    },
  };
}

// The exchange of one storage call: the request's Cookie header, and the one
// Set-Cookie value the session staged for its cookie.
class OneCookie implements SessionExchange {
  readonly key = {};
  #line: string | undefined;
  #cookie: StagedCookie | undefined;
  constructor(
    readonly cookie: string | null,
    readonly readOnly: boolean,
  ) {}

  getRequestHeader(name: string): string | null {
    return name === "cookie" ? this.cookie : null;
  }

  stage(_name: string, staged: StagedSession): void {
    if (!staged.setCookies) return;
    this.#line = staged.setCookies[0];
    this.#cookie = staged.cookies?.[0];
  }

  // The session cookie's line, with commitSession's own attributes (a
  // "remember me" maxAge, say) over the config's.
  line(options: CookieSerializeOptions | undefined): string {
    // update() and clear() always stage the cookie: nothing here is a bug of ours.
    if (this.#line === undefined || this.#cookie === undefined)
      throw new Error("sealed-session: the storage staged no cookie.");
    if (!options || Object.keys(options).length === 0) return this.#line;
    const { name, value, options: attributes } = this.#cookie;
    return serialize(name, value, { ...attributes, ...options } as never);
  }
}
