import { type SessionConfig, type SessionData, type SessionManager, settleSessions } from "@sealed-session/core";
import {
  applyExchange,
  bindSessionFunctions,
  commitIfChanged,
  openSession,
  resolveSessionConfig,
  webExchange,
} from "@sealed-session/core/adapter";
import type { APIContext, MiddlewareHandler } from "astro";

export type { Session, SessionConfig, SessionData, SessionManager, SessionUpdate } from "@sealed-session/core";

/** Options of the `session()` middleware: a session config, and where the manager goes in `locals`. */
export type SessionMiddlewareOptions<T extends SessionData = SessionData, K extends string = "session"> = SessionConfig<T> & {
  /** The key of the manager in `context.locals` / `Astro.locals`. @default "session" */
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
export type SessionLocals<T extends SessionData = SessionData, K extends string = "session"> = { [key in K]: SessionManager<T> };

/**
 * An Astro middleware that loads the session into `Astro.locals.session` (or
 * `localsKey`) and, once the page or endpoint has rendered, commits it (a
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
  const key = options.localsKey ?? "session";
  return async (context, next) => {
    // Not sealed yet: the commit after rendering writes a new session once.
    const manager = await openSession(webExchange(context.request), options);
    (context.locals as Record<string, unknown>)[key] = manager;
    let response: Response;
    try {
      response = await next();
    } finally {
      await commitIfChanged(manager as SessionManager);
    }
    return finish(context, response);
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
  return async (context, next) => finish(context, await next());
}

/**
 * The session functions Nitro documents, on an Astro `APIContext` (an
 * endpoint's `context`, or `Astro` in a page): `useSession(context, config)`
 * returns the manager and `update()` seals at once, as in h3; `getSession`,
 * `updateSession`, `clearSession`, `sealSession` and `unsealSession` likewise.
 * The cookies reach the response through `session()` or `sessions()` in
 * `src/middleware.ts`.
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } = bindSessionFunctions(
  (context: Pick<APIContext, "request">) => webExchange(context.request),
);

// Writes the handler did not await are part of the response too.
async function finish(context: Pick<APIContext, "request">, response: Response): Promise<Response> {
  const exchange = webExchange(context.request);
  await settleSessions(exchange);
  return applyExchange(exchange, response);
}
