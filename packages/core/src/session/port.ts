/**
 * @module The port: what an adapter gives the core for one request (read a
 * request header, stage a session's cookies and header, name the request).
 */
import type { CookieOptions } from "../cookie/chunked";
import type { SessionConfig } from "./config";

/**
 * The port: what an adapter gives the core for one request. It reads request
 * headers, puts one named session's cookies and header on the response, and
 * names the request. Every session rule lives in the core; an adapter only
 * fills this in (`stageOnHeaders` and `nodeExchange` do the staging).
 */
export interface SessionExchange {
  /** A request header by lower-case name (`undefined` or `null` when absent). */
  getRequestHeader(name: string): string | null | undefined;
  /**
   * Puts what session `name` needs on the response: its `Set-Cookie` values
   * replace every one staged for it before (main cookie and chunks `name.N`;
   * other cookies stay), and `header` is set when given.
   */
  stage(name: string, staged: StagedSession): void;
  /** An object unique to this request: per-request session state is kept against it. */
  readonly key: object;
  /** The session name when the config has none (h3's is `"h3"`). @default "session" */
  readonly defaultName?: string;
  /**
   * The adapter's defaults, under every config it is given (`bind`,
   * `cookiePrefix`… where its framework has no compatibility to keep). One
   * object for the adapter, not one per request.
   */
  readonly defaults?: Readonly<Partial<SessionConfig>>;
  /**
   * The response cannot take cookies (a React Server Component renders after
   * its headers): the session is read and never written. A reseal that falls
   * due waits for a request that can write; a new session is not sealed; a
   * change throws `SessionReadOnlyError`. `stage` is never called.
   */
  readonly readOnly?: boolean;
}

/** What one session puts on a response. */
export interface StagedSession {
  /** The session's `Set-Cookie` values, in place of those staged for it before. */
  readonly setCookies?: readonly string[];
  /**
   * The same cookies, one by one, unserialized: for a framework that takes
   * cookies through an API of its own (SvelteKit's `event.cookies`, Elysia's
   * jar, Next's `cookies()`), so its binding need not parse `setCookies` back.
   */
  readonly cookies?: readonly StagedCookie[];
  /** A response header to set: a header session's new token in `x-<name>-session` (empty when cleared). */
  readonly header?: readonly [name: string, value: string];
}

/** One cookie of a staged session: its name, value and attributes (`maxAge: 0` expires it). */
export interface StagedCookie {
  readonly name: string;
  readonly value: string;
  readonly options: CookieOptions;
}
