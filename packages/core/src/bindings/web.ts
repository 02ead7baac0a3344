/**
 * @module The Web binding: the exchange of a `Request` and the `Response` it
 * gets, and `useWebSession` for any `fetch` handler.
 */
import { restage } from "../cookie/chunked";
import type { SessionConfig } from "../session/config";
import { type SessionManager, useSession } from "../session/manager";
import type { SessionExchange, StagedSession } from "../session/port";
import type { SessionData } from "../session/record";
import { Slot } from "../session/slot";

/** A session manager for a Web `Request`, and the way to put its cookies on the `Response`. */
export interface WebSessionManager<T extends SessionData = SessionData> extends SessionManager<T> {
  /**
   * Returns `response` carrying the session's staged `Set-Cookie` headers
   * (and the `x-<name>-session` header for header clients). When the
   * response's headers are immutable (`Response.redirect`, a `fetch`
   * result) it returns a copy instead. Safe to call more than once.
   */
  applyTo(response: Response): Response;
}

/**
 * The session of a Web `Request`: the whole integration for Cloudflare
 * Workers, Deno, Bun, Next.js route handlers and any `fetch` handler.
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(request: Request, env: { SESSION_PASSWORD: string }) {
 *     const session = await useWebSession(request, { password: env.SESSION_PASSWORD });
 *     await session.update({ visits: (session.data.visits ?? 0) + 1 });
 *     return session.applyTo(Response.json(session.data));
 *   },
 * };
 * ```
 */
export async function useWebSession<T extends SessionData = SessionData>(
  request: Request,
  config: SessionConfig<T>,
): Promise<WebSessionManager<T>> {
  const exchange = webExchange(request);
  const manager = await useSession(exchange, config);
  return Object.defineProperty(manager, "applyTo", {
    value: (response: Response) => applyExchange(exchange, response),
  }) as WebSessionManager<T>;
}

/** The exchange of a Web `Request`: staged headers kept per request, so every session of it shares them. */
export function webExchange(request: Request): WebExchange {
  return exchanges.get(request) ?? exchanges.set(request, new WebExchange(request));
}

/** A `SessionExchange` over a Web `Request`, collecting what the response must carry. */
export class WebExchange implements SessionExchange {
  readonly key: object;
  #cookies: readonly string[] = [];
  readonly #headers = new Map<string, string>();
  readonly #request: Request;

  /** The adapter's defaults under every config (see `SessionExchange.defaults`). */
  readonly defaults: Readonly<Partial<SessionConfig>> | undefined;

  constructor(request: Request, defaults?: Readonly<Partial<SessionConfig>>) {
    this.#request = request;
    this.key = request;
    this.defaults = defaults;
  }

  getRequestHeader(name: string): string | null {
    return requestHeader(this.#request, name);
  }

  stage(name: string, staged: StagedSession): void {
    if (staged.setCookies) this.#cookies = restage(this.#cookies, name, staged.setCookies);
    if (staged.header) this.#headers.set(staged.header[0], staged.header[1]);
  }

  /** The response headers to add: `set-cookie` entries and header sessions. */
  get staged(): {
    readonly cookies: readonly string[];
    readonly headers: ReadonlyMap<string, string>;
  } {
    return { cookies: this.#cookies, headers: this.#headers };
  }
}

/** Copies what `exchange` staged onto `response` (or a copy of it when its headers are immutable). */
export function applyExchange(exchange: WebExchange, response: Response): Response {
  const { cookies, headers } = exchange.staged;
  if (cookies.length === 0 && headers.size === 0) return response;
  try {
    write(response.headers, cookies, headers);
    return response;
  } catch {
    // Immutable headers: a Response built from the same body and init has mutable ones.
    const copy = new Response(response.body, response);
    write(copy.headers, cookies, headers);
    return copy;
  }
}

function write(
  target: Headers,
  cookies: readonly string[],
  headers: ReadonlyMap<string, string>,
): void {
  const present = new Set(target.getSetCookie());
  for (const cookie of cookies) if (!present.has(cookie)) target.append("set-cookie", cookie);
  for (const [name, value] of headers) target.set(name, value);
}

const exchanges = new Slot<WebExchange>("sealed-session.exchange");

/**
 * A header of a Web `Request`, for an exchange: a Request built in process
 * (a test, a framework's own `fetch`) may carry no `Host`, and then its URL
 * says which host it was made for.
 */
export function requestHeader(request: Request, name: string): string | null {
  const value = request.headers.get(name);
  return value === null && name === "host" ? hostOf(request.url) : value;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
