import type { SessionConfig, SessionData, SessionManager } from "@sealed-session/core";
import { OptionsInvalidError, verifyRequestCsrf } from "@sealed-session/core";
import {
  bindSessionFunctions,
  commitIfChanged,
  csrfRefusal,
  isUnsafeMethod,
  openSession,
  resolveSessionConfig,
  type SessionExchange,
  stageOnHeaders,
} from "@sealed-session/core/adapter";
import type { Context, MiddlewareHandler } from "hono";

export type {
  Session,
  SessionConfig,
  SessionData,
  SessionManager,
  SessionUpdate,
} from "@sealed-session/core";

/** Options of the `session()` middleware: a session config, and where the manager goes. */
export type SessionMiddlewareOptions<
  T extends SessionData = SessionData,
  K extends string = "session",
> = SessionConfig<T> & {
  /** The context key of the manager: `c.get(contextKey)`, `c.var[contextKey]`. @default "session" */
  contextKey?: K;
};

/**
 * The Hono `Env` of an app using `session()`: types `c.var.session`.
 *
 * @example
 * ```ts
 * const app = new Hono<SessionEnv<{ userId?: string }>>();
 * app.use(session({ password }));
 * app.get("/", (c) => c.json({ user: c.var.session.data.userId }));
 * ```
 */
export type SessionEnv<T extends SessionData = SessionData, K extends string = "session"> = {
  Variables: { [key in K]: SessionManager<T> };
};

declare module "hono" {
  interface ContextVariableMap {
    /**
     * The manager `session()` puts on the context (with the default
     * `contextKey`). Its data is `unknown` until `SessionEnv<Data>` narrows it:
     * the two intersect into `SessionManager<Data>`'s fields.
     */
    session: SessionManager<Record<string, unknown>>;
  }
}

/**
 * A middleware that loads the session, puts its manager at `c.var.session`
 * (or `contextKey`) and, once the handler is done, commits: reseals only if
 * `data` changed, so handlers may mutate `c.var.session.data` directly. The
 * cookies reach the final response whatever built it — `c.json()`, a
 * `Response` the handler returned, `c.redirect()`, or `app.onError` after a
 * throw. A missing or short password throws here, at start-up.
 *
 * @example
 * ```ts
 * app.use(session({ password: process.env.SESSION_PASSWORD!, maxAge: 60 * 60 * 24 * 7 }));
 * app.post("/visit", (c) => {
 *   c.var.session.data.visits = (c.var.session.data.visits ?? 0) + 1;
 *   return c.json(c.var.session.data);
 * });
 * ```
 */
export function session<T extends SessionData = SessionData, K extends string = "session">(
  options: SessionMiddlewareOptions<T, K>,
): MiddlewareHandler<SessionEnv<T, K>> {
  resolveSessionConfig(options);
  const key = options.contextKey ?? "session";
  return async (c, next) => {
    // Not sealed yet: commit() after the handler writes a new session once.
    const manager = await openSession(exchangeOf(c), options);
    c.set(key as never, manager as never);
    try {
      await next();
    } finally {
      await commitIfChanged(manager);
    }
  };
}

/**
 * A middleware that refuses a state-changing request (any method but GET,
 * HEAD, OPTIONS, TRACE) that fails the session's CSRF check — from another
 * site, or without this session's token in the form's `_csrf` field or the
 * `x-csrf-token` header — with a 403. Runs after `session()` (same
 * `contextKey`); put `await c.var.session.csrfToken()` in each form.
 *
 * @example
 * ```ts
 * app.use(session({ password }), csrf());
 * app.get("/form", async (c) => c.html(`<input type="hidden" name="_csrf" value="${await c.var.session.csrfToken()}">`));
 * ```
 */
export function csrf(options: { contextKey?: string } = {}): MiddlewareHandler {
  const key = options.contextKey ?? "session";
  return async (c, next) => {
    if (isUnsafeMethod(c.req.method)) {
      const manager = c.get(key as never) as SessionManager | undefined;
      if (!manager)
        throw new OptionsInvalidError(
          `csrf() found no session at c.var.${key}: use it after session() (with the same contextKey).`,
        );
      if (await csrfRefusal(verifyRequestCsrf(c.req.raw, manager))) return c.text("Forbidden", 403);
    }
    await next();
  };
}

/**
 * The session functions Nitro documents, on a Hono `Context`: `useSession(c,
 * config)` returns the manager (`id`, `data`, `update`, `clear`,
 * `regenerate`…) and `update()` seals at once, as in h3; `getSession`,
 * `updateSession`, `clearSession`, `sealSession` and `unsealSession` likewise.
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions((c: Context) => exchangeOf(c));

// Cookies go on the response the context holds now: c.json()/c.redirect()
// and the c.res setter carry its headers over to the response that replaces
// it. Its headers are changed in place; only an immutable response (a
// Response.redirect()) is copied first. Built per call: it holds nothing
// (the core keeps the request's sessions on the context).
function exchangeOf(c: Context): SessionExchange {
  return {
    key: c,
    getRequestHeader: (name) => c.req.header(name),
    stage(name, staged) {
      try {
        stageOnHeaders(c.res.headers, name, staged);
      } catch {
        // Immutable headers: the c.res setter keeps a mutable copy.
        c.res = new Response(c.res.body, c.res);
        stageOnHeaders(c.res.headers, name, staged);
      }
    },
  };
}
