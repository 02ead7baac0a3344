import {
  clearSession as coreClear,
  getSession as coreGet,
  sealSession as coreSeal,
  unsealSession as coreUnseal,
  updateSession as coreUpdate,
  useSession as coreUse,
  isSessionCookie,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeExchange,
  restage,
  type Session,
  type SessionConfig,
  type SessionData,
  type SessionExchange,
  type SessionManager,
  type SessionUpdate,
} from "@sealed-session/core";

export type { Session, SessionConfig, SessionData, SessionManager, SessionUpdate } from "@sealed-session/core";

/** An h3 v2 event: a Web `Request` and staged response headers (`errHeaders` reach error responses). */
export interface H3V2Event {
  readonly req: { readonly headers: { get(name: string): string | null } };
  readonly res: { readonly headers: Headers; readonly errHeaders: Headers };
}

/** An h3 v1 event (Nitro 2, Nuxt 3/4): Node's request and response. */
export interface H3V1Event {
  readonly node: { readonly req: NodeRequestLike; readonly res: NodeResponseLike };
}

/** An event of h3 v2 or v1. */
export type H3Event = H3V2Event | H3V1Event;

/**
 * Initializes the session and returns its manager — h3's `useSession`, with
 * `regenerate()`, `commit()` and `flash()` besides `update()` and `clear()`.
 * The name defaults to `h3` (cookie `h3`, header `x-h3-session`).
 *
 * @example
 * ```ts
 * import { useSession } from "@sealed-session/h3"; // was: from "h3"
 *
 * export default defineEventHandler(async (event) => {
 *   const session = await useSession(event, { password: process.env.NITRO_SESSION_PASSWORD! });
 *   await session.update({ foo: "bar" });
 *   return session.data;
 * });
 * ```
 */
export function useSession<T extends SessionData = SessionData>(event: H3Event, config: SessionConfig<T>): Promise<SessionManager<T>> {
  return coreUse(exchangeOf(event), config);
}

/** This request's session record (h3's `getSession`). */
export function getSession<T extends SessionData = SessionData>(event: H3Event, config: SessionConfig<T>): Promise<Session<T>> {
  return coreGet(exchangeOf(event), config);
}

/** Merges `update` into the session data and reseals it (h3's `updateSession`). */
export function updateSession<T extends SessionData = SessionData>(
  event: H3Event,
  config: SessionConfig<T>,
  update?: SessionUpdate<T>,
): Promise<Session<T>> {
  return coreUpdate(exchangeOf(event), config, update);
}

/** Expires the session cookie and its chunks (h3's `clearSession`). */
export function clearSession(event: H3Event, config: SessionConfig): Promise<void> {
  return coreClear(exchangeOf(event), config);
}

/** Seals this request's session into a token (h3's `sealSession`). */
export function sealSession(event: H3Event, config: SessionConfig): Promise<string> {
  return coreSeal(exchangeOf(event), config);
}

/** Unseals a token into a checked session record (h3's `unsealSession`); throws its typed reason. */
export function unsealSession<T extends SessionData = SessionData>(
  event: H3Event,
  config: SessionConfig<T>,
  sealed: string,
): Promise<Session<T>> {
  return coreUnseal(exchangeOf(event), config, sealed);
}

const exchanges = new WeakMap<object, SessionExchange>();

function exchangeOf(event: H3Event): SessionExchange {
  let exchange = exchanges.get(event);
  if (!exchange) exchanges.set(event, (exchange = isV2(event) ? v2Exchange(event) : nodeExchange(event.node.req, event.node.res, "h3")));
  return exchange;
}

// h3 v1 events also have a (deprecated) `req`: Node's request, whose headers
// are a plain object. Only v2's is a Web Request with `headers.get`.
function isV2(event: H3Event): event is H3V2Event {
  return typeof (event as Partial<H3V2Event>).req?.headers?.get === "function";
}

function v2Exchange(event: H3V2Event): SessionExchange {
  const { headers, errHeaders } = event.res;
  return {
    key: event,
    defaultName: "h3",
    getRequestHeader: (name) => event.req.headers.get(name),
    getResponseCookies: () => headers.getSetCookie(),
    setResponseCookies(values, name) {
      replaceCookies(headers, values);
      // Error responses carry errHeaders, not headers: mirror this session's
      // cookies there, so a handler that throws still saves (or clears) it.
      replaceCookies(
        errHeaders,
        restage(
          errHeaders.getSetCookie(),
          name,
          values.filter((cookie) => isSessionCookie(cookie, name)),
        ),
      );
    },
    setResponseHeader(name, value) {
      headers.set(name, value);
      errHeaders.set(name, value);
    },
  };
}

function replaceCookies(headers: Headers, values: readonly string[]): void {
  headers.delete("set-cookie");
  for (const value of values) headers.append("set-cookie", value);
}
