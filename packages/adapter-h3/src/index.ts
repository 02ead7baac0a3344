import { type SessionConfig, SessionCsrfError, verifyRequestCsrf } from "@sealed-session/core";
import {
  bindSessionFunctions,
  csrfRefusal,
  isUnsafeMethod,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeExchange,
  type SessionExchange,
  settleSessions as settleExchange,
  stageOnHeaders,
} from "@sealed-session/core/adapter";

export type {
  Session,
  SessionConfig,
  SessionData,
  SessionManager,
  SessionUpdate,
} from "@sealed-session/core";

/** An h3 v2 event: a Web `Request` and staged response headers (`errHeaders` reach error responses). */
export interface H3V2Event {
  readonly req: { readonly headers: { get(name: string): string | null } };
  readonly res: { readonly headers: Headers; readonly errHeaders: Headers };
}

/** An h3 v1 event (Nitro 2, Nuxt 3/4): Node's request and response. */
export interface H3V1Event {
  readonly node: { readonly req: NodeRequestLike; readonly res: NodeResponseLike };
}

/**
 * The event of a `nuxt/server` handler (Nuxt 4.6+): a Web view (`req` a
 * `Request`, `res.headers`) of the h3 v1 event behind it, whose `node` it
 * still answers at run time.
 */
export interface NuxtServerEvent {
  readonly req: { readonly headers: { get(name: string): string | null } };
  readonly res: { readonly headers: Headers };
}

/** An event of h3 v2 or v1, or of a `nuxt/server` handler. */
export type H3Event = H3V2Event | H3V1Event | NuxtServerEvent;

/**
 * h3's session utilities, with h3's names, arguments and behaviour, on an h3
 * v2 or v1 event. `useSession` returns the manager (`id`, `data`, `update`,
 * `clear`, plus `regenerate`, `commit`, `flash`); the default name is `h3`
 * (cookie `h3`, header `x-h3-session`).
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
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions((event: H3Event) => exchangeOf(event));

/**
 * The CSRF check of a state-changing request (any method but GET, HEAD,
 * OPTIONS, TRACE): refuses one from another site, or without this session's
 * token, by throwing a `SessionCsrfError` that h3 answers as a handled
 * HTTP error: 403. The token is `token` when given, else (h3 v2 and `nuxt/server`
 * events, whose `req` is a Web `Request`) a form post's `_csrf` field, else
 * the `x-csrf-token` header. On h3 v1, pass the field:
 * `verifyCsrf(event, config, (await readBody(event))._csrf)`.
 *
 * @example
 * ```ts
 * export default defineEventHandler(async (event) => {
 *   await verifyCsrf(event, sessionConfig);
 *   const form = await event.req.formData();
 *   // …
 * });
 * ```
 */
export async function verifyCsrf(
  event: H3Event,
  config: SessionConfig,
  token?: string | null,
): Promise<void> {
  const { req, node } = event as { req?: Partial<Request>; node?: { req?: { method?: string } } };
  const request = typeof req?.clone === "function" ? (req as Request) : undefined;
  if (!isUnsafeMethod(request?.method ?? node?.req?.method ?? "GET")) return;
  const session = await useSession(event, config);
  const refused = await csrfRefusal(
    token == null && request ? verifyRequestCsrf(request, session) : session.verifyCsrf(token),
  );
  if (refused) throw new CsrfHttpError(refused.reason);
}

// The refusal as an error h3 answers as a handled HTTP error, 403, without
// logging it as a crash: h3 v2 knows one by its name and `status`, h3 v1 by
// its class's `__h3_error__`. Still a `SessionCsrfError` (`code`, `reason`).
class CsrfHttpError extends SessionCsrfError {
  static readonly __h3_error__ = true;
  override readonly name = "HTTPError";
  readonly statusCode = 403;
  readonly statusMessage = "Forbidden";
  readonly statusText = "Forbidden";
  readonly unhandled = false;

  /** The response body h3 sends (v2 reads it from here). */
  toJSON(): { status: number; statusText: string; message: string; data: object } {
    const { status, statusText, message, code, reason } = this;
    return { status, statusText, message, data: { code, reason } };
  }
}

/**
 * Waits until every session write of this request has run, including writes
 * the handler did not `await`. The Nitro module (`@sealed-session/h3/nitro`)
 * calls it before each response; call it yourself in a plain h3 app that
 * leaves `session.update()` floating. Never rejects.
 */
export function settleSessions(event: H3Event): Promise<void> {
  return settleExchange(exchangeOf(event));
}

// Built per call: it holds nothing (the core keeps the request's sessions on the event).
function exchangeOf(event: H3Event): SessionExchange {
  if (isV2(event)) return v2Exchange(event);
  const { node } = event as Partial<H3V1Event>;
  if (node?.req && node.res) return nodeExchange(node.req, node.res, "h3");
  throw new TypeError(
    "@sealed-session/h3: expected an h3 v2 or v1 event (or a nuxt/server handler's), with `res.errHeaders` or `node`.",
  );
}

// h3 v1 events also have a (deprecated) `req`: Node's request, whose headers
// are a plain object. Only v2's is a Web Request with `headers.get`, and only
// v2's response has `errHeaders`: a nuxt/server handler's event has a Web
// `req` too, but it is a view of an h3 v1 event, written through `node`.
// (`in`, not a read: h3 builds `errHeaders` on first access.)
function isV2(event: H3Event): event is H3V2Event {
  const { req, res } = event as Partial<H3V2Event>;
  return typeof req?.headers?.get === "function" && typeof res === "object" && "errHeaders" in res;
}

// Error responses carry errHeaders, not headers: each session's cookies are
// staged on both, so a handler that throws still saves (or clears) it. Both
// are read only when something is staged: h3 builds each on first access,
// and a response with headers staged leaves h3's fast path.
function v2Exchange(event: H3V2Event): SessionExchange {
  return {
    key: event,
    defaultName: "h3",
    getRequestHeader: (name) => event.req.headers.get(name),
    stage(name, staged) {
      stageOnHeaders(event.res.headers, name, staged);
      stageOnHeaders(event.res.errHeaders, name, staged);
    },
  };
}
