import {
  OptionsInvalidError,
  type SessionConfig,
  type SessionData,
  type SessionManager,
  verifyRequestCsrf,
} from "@sealed-session/core";
import {
  applyExchange,
  bindSessionFunctions,
  commitIfChanged,
  csrfRefusal,
  isUnsafeMethod,
  openSession,
  resolveSessionConfig,
  settleSessions,
  webExchange,
} from "@sealed-session/core/adapter";
import type { APIContext, MiddlewareHandler } from "astro";

export type {
  Session,
  SessionConfig,
  SessionData,
  SessionManager,
  SessionUpdate,
} from "@sealed-session/core";

/** Options of the `session()` middleware: a session config, and where the manager goes in `locals`. */
export type SessionMiddlewareOptions<
  T extends SessionData = SessionData,
  K extends string = "session",
> = SessionConfig<T> & {
  /** The key of the manager in `context.locals` / `Astro.locals` (the name every adapter's middleware shares). @default "session" */
  contextKey?: K;
  /** @deprecated Use `contextKey`, the name every adapter shares. */
  localsKey?: K;
};

/**
 * What `session()` puts in `Astro.locals`; declare it in `src/env.d.ts`:
 *
 * @example
 * ```ts
 * /// <reference types="astro/client" />
 * type SessionLocals = import("@sealed-session/astro").SessionLocals<{ userId?: string }>;
 * declare namespace App {
 *   interface Locals extends SessionLocals {}
 * }
 * ```
 */
export type SessionLocals<T extends SessionData = SessionData, K extends string = "session"> = {
  [key in K]: SessionManager<T>;
};

/**
 * An Astro middleware that loads the session into `Astro.locals.session` (or
 * `contextKey`) and, once the page or endpoint has rendered, commits it (a
 * reseal only if `data` changed, so pages may mutate
 * `Astro.locals.session.data`) and puts its cookies — and those of any
 * `useSession(context, config)` call in the request — on the response. As with
 * `Astro.response.headers`, writes belong in an endpoint or a page's
 * frontmatter, before the body streams. A missing or short password throws
 * here, at start-up.
 *
 * @example
 * ```ts
 * // src/middleware.ts
 * import { session } from "@sealed-session/astro";
 * export const onRequest = session({ password: import.meta.env.SESSION_PASSWORD, maxAge: 60 * 60 * 24 * 7 });
 * ```
 */
export function session<T extends SessionData = SessionData, K extends string = "session">(
  options: SessionMiddlewareOptions<T, K>,
): MiddlewareHandler {
  resolveSessionConfig(options);
  const key = options.contextKey ?? options.localsKey ?? "session";
  return async (context, next) => {
    // Not sealed yet: the commit after rendering writes a new session once.
    const manager = await openSession(webExchange(context.request), options);
    (context.locals as Record<string, unknown>)[key] = manager;
    return respond(context, next, () => commitIfChanged(manager as SessionManager));
  };
}

/**
 * An Astro middleware for apps that call `useSession(context, config)` (or the
 * other functions) with their own configs and open no session of their own:
 * it waits for their writes and puts their cookies on the response.
 *
 * @example
 * ```ts
 * // src/middleware.ts
 * import { sessions } from "@sealed-session/astro";
 * export const onRequest = sessions();
 * ```
 */
export function sessions(): MiddlewareHandler {
  return (context, next) => respond(context, next);
}

/**
 * A middleware that refuses a state-changing request (any method but GET,
 * HEAD, OPTIONS, TRACE) that fails the session's CSRF check — from another
 * site, or without this session's token in a form post's `_csrf` field or
 * the `x-csrf-token` header — with a 403, before the page or endpoint runs.
 * Put it after `session()` (same `contextKey`) in a `sequence`; the form
 * stays readable by the page (`Astro.request.formData()`).
 *
 * @example
 * ```ts
 * export const onRequest = sequence(session({ password }), csrf());
 * ```
 */
export function csrf(options: { contextKey?: string } = {}): MiddlewareHandler {
  const key = options.contextKey ?? "session";
  return async (context, next) => {
    if (!isUnsafeMethod(context.request.method)) return next();
    const manager = (context.locals as Record<string, SessionManager | undefined>)[key];
    if (!manager)
      throw new OptionsInvalidError(
        `csrf() found no session at Astro.locals.${key}: put it after session() in sequence() (with the same contextKey).`,
      );
    if (await csrfRefusal(verifyRequestCsrf(context.request, manager)))
      return new Response("Forbidden", { status: 403 });
    return next();
  };
}

/**
 * The session functions Nitro documents, on an Astro `APIContext` (an
 * endpoint's `context`, or `Astro` in a page): `useSession(context, config)`
 * returns the manager and `update()` seals at once, as in h3; `getSession`,
 * `updateSession`, `clearSession`, `sealSession` and `unsealSession` likewise.
 * The cookies reach the response through `session()` or `sessions()` in
 * `src/middleware.ts`.
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions((context: Pick<APIContext, "request">) => webExchange(context.request));

// Renders, commits (for session()), waits for the writes the handler did not
// await, and puts what the request's sessions staged on the response.
//
// A route that throws after its session changed (a logout, above all): with
// a 500 page, Astro renders it through the middleware for the same request,
// and the staged cookies go out on it. Without one, Astro answers outside
// every middleware and they would be lost, the user still signed in. So the
// error is logged and answered with a bodiless 500 that carries the cookies:
// Astro sends it as it is, or renders its 500 page around it (keeping its
// headers). Once the app is seen to render a 500 page through the middleware,
// the error is thrown on instead, as Astro expects: its log and `Astro.props.error`
// stay intact, and no version of Astro merges headers (Astro 5 kept one
// `Set-Cookie` of a merged response).
async function respond(
  context: Pick<APIContext, "request">,
  next: () => Promise<Response>,
  commit?: () => Promise<unknown> | undefined,
): Promise<Response> {
  const exchange = webExchange(context.request);
  if (answered.has(exchange)) {
    // The 500 page of a request answered below: its cookies are on that
    // answer, which Astro merges into this page's response (Astro 7 keeps
    // every Set-Cookie of both); staging them here again would send them twice.
    errorPageThroughMiddleware = true;
    return next();
  }
  let response: Response;
  try {
    response = await next();
  } catch (error) {
    await commit?.();
    await settleSessions(exchange);
    const { cookies, headers } = exchange.staged;
    if (errorPageThroughMiddleware || (cookies.length === 0 && headers.size === 0)) throw error;
    console.error(
      "[sealed-session] the route threw after its session changed; answering 500 with the session's cookies:",
      error,
    );
    answered.add(exchange);
    // Chunks first, main cookies last: the one a by-name merge keeps is the one that signs out.
    const response = new Response(null, { status: 500 });
    const isChunk = (cookie: string) => /^[^=]*\.\d+=/.test(cookie);
    for (const cookie of [
      ...cookies.filter(isChunk),
      ...cookies.filter((cookie) => !isChunk(cookie)),
    ]) {
      response.headers.append("set-cookie", cookie);
    }
    for (const [name, value] of headers) response.headers.set(name, value);
    return response;
  }
  await commit?.();
  await settleSessions(exchange);
  return applyExchange(exchange, response);
}

// Requests answered with that bodiless 500; one seen again is the 500 page rendering.
const answered = new WeakSet<object>();
let errorPageThroughMiddleware = false;
