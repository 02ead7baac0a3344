/**
 * @module The exchange of a SvelteKit request: cookies staged while the
 * request resolves go through `event.cookies` (chunk by chunk, each under
 * Kit's per-cookie limit), so Kit sends them with every response it makes
 * and its `fetch` in `load` sees them; what the hook commits after `resolve`
 * goes onto the response it returned.
 */
import {
  requestHeader,
  SECURE_DEFAULTS,
  type SessionExchange,
  type StagedSession,
  stageOnHeaders,
} from "@sealed-session/core/adapter";
import type { Cookies, RequestEvent } from "@sveltejs/kit";

/** The request's exchange, kept per request on its `cookies` object (Kit copies the event itself between hooks and routes). */
export function exchangeOf(event: RequestEvent): KitExchange {
  let exchange = exchanges.get(event.cookies);
  if (!exchange) {
    exchange = new KitExchange(event);
    exchanges.set(event.cookies, exchange);
  }
  return exchange;
}

const exchanges = new WeakMap<Cookies, KitExchange>();

/** A `SessionExchange` over a SvelteKit `RequestEvent`. */
export class KitExchange implements SessionExchange {
  readonly key = {};
  // No sessions of this shape to keep reading: tokens bound to their cookie, a __Host- cookie.
  readonly defaults = SECURE_DEFAULTS;
  readonly #request: Request;
  readonly #cookies: Cookies;
  readonly #headers: Array<[string, StagedSession]> = [];
  #response: Response | undefined;

  constructor(event: RequestEvent) {
    this.#request = event.request;
    this.#cookies = event.cookies;
  }

  getRequestHeader(name: string): string | null {
    return requestHeader(this.#request, name);
  }

  stage(name: string, staged: StagedSession): void {
    if (this.#response) {
      this.#late(name, staged);
      return;
    }
    for (const { name: cookieName, value, options } of staged.cookies ?? []) {
      // Every attribute said, so none of Kit's defaults (Secure off localhost, SameSite=Lax) slips in.
      // Kit encodes with encodeURIComponent, which leaves a sealed token (base64url and `*`) as it is.
      this.#cookies.set(cookieName, value, {
        ...options,
        path: options.path ?? "/",
        secure: options.secure === true,
        httpOnly: options.httpOnly === true,
        sameSite: options.sameSite ?? false,
      } as never);
    }
    // A header client's session has no Kit API: it waits for the response.
    if (staged.header) this.#headers.push([name, { header: staged.header }]);
  }

  /**
   * The response Kit resolved, with its cookies: from now on sessions stage
   * onto it, and the header sessions staged before go there now.
   */
  resolved(response: Response): void {
    this.#response = response;
    for (const [name, staged] of this.#headers) this.#late(name, staged);
  }

  /** The response to send: the one resolved, or a copy if its headers were immutable. */
  get response(): Response | undefined {
    return this.#response;
  }

  #late(name: string, staged: StagedSession): void {
    const response = this.#response as Response;
    try {
      stageOnHeaders(response.headers, name, staged);
    } catch {
      // Immutable headers (a Response.redirect): a copy of the response has mutable ones.
      this.#response = new Response(response.body, response);
      stageOnHeaders(this.#response.headers, name, staged);
    }
  }
}
