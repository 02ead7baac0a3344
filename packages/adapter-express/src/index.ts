import type { IncomingMessage, ServerResponse } from "node:http";
import {
  OptionsInvalidError,
  type SessionConfig,
  type SessionData,
  type SessionManager,
} from "@sealed-session/core";
import {
  bindSessionFunctions,
  commitBeforeHeaders,
  commitIfChanged,
  csrfFieldOf,
  csrfRefusal,
  isUnsafeMethod,
  nodeExchange,
  openSessionNow,
  resolveSessionConfig,
} from "@sealed-session/core/adapter";

export type {
  Session,
  SessionConfig,
  SessionData,
  SessionManager,
  SessionUpdate,
} from "@sealed-session/core";

/**
 * The data of `req.session`. Declare its fields by merging (as Nuxt's
 * `AppSessionData`; express-session calls it `SessionData`):
 *
 * @example
 * ```ts
 * declare module "@sealed-session/express" {
 *   interface AppSessionData {
 *     user?: { id: string; name: string };
 *     visits?: number;
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface for applications to merge their fields into.
export interface AppSessionData {}

/** `AppSessionData` with the JSON object every session's data is. */
type AppData = AppSessionData & SessionData;

declare global {
  namespace Express {
    interface Request {
      /** The session manager put here by `session()` (with the default `contextKey`). */
      session: SessionManager<AppData>;
    }
  }
}

/** A request carrying a session manager under `Key`: types handlers of a second, named session. */
export type RequestWithSession<
  T extends SessionData = AppData,
  Key extends string = "session",
> = IncomingMessage & {
  [key in Key]: SessionManager<T>;
};

/** Options of `session()`: a session config, and where the manager goes on `req`. */
export type SessionMiddlewareOptions<T extends SessionData = SessionData> = SessionConfig<T> & {
  /** The property of `req` that holds the manager (the same option as Hono's `contextKey`). @default "session" */
  contextKey?: string;
  /** @deprecated Use `contextKey`, the name every adapter shares. */
  requestKey?: string;
};

/**
 * A middleware that puts the session manager on `req.session` and commits it
 * before the response's headers go out, on every response path (`res.json`,
 * `res.send`, `res.redirect`, `res.end`, `res.sendFile`, an error handler
 * after `next(err)` or a throw): it reseals only if `data` changed, so
 * handlers may mutate `req.session.data` directly. A missing or short
 * password throws when `session()` is called, at start-up.
 *
 * @example
 * ```ts
 * app.use(session({ password: process.env.SESSION_PASSWORD!, maxAge: 60 * 60 * 24 * 7 }));
 * app.get("/", (req, res) => {
 *   req.session.data.visits = (req.session.data.visits ?? 0) + 1;
 *   res.json(req.session.data);
 * });
 * ```
 */
export function session<T extends SessionData = AppData>(
  options: SessionMiddlewareOptions<T>,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  resolveSessionConfig(options);
  const key = options.contextKey ?? options.requestKey ?? "session";
  return (req, res, next) => {
    const ready = (manager: SessionManager<T>) => {
      (req as unknown as Record<string, unknown>)[key] = manager;
      // A commit that fails before the headers go out answers through Express's error handling, as h3 and Hono answer 500.
      commitBeforeHeaders(
        res as never,
        options as SessionConfig,
        () => commitIfChanged(manager),
        next,
      );
      next();
    };
    // Not sealed yet: the commit before the headers writes a new session once.
    // A cookie read before opens at once, and the route runs in this tick.
    let opened: SessionManager<T> | Promise<SessionManager<T>>;
    try {
      opened = openSessionNow(nodeExchange(req, res), options);
    } catch (error) {
      return next(error);
    }
    if (opened instanceof Promise) opened.then(ready, next);
    else ready(opened);
  };
}

/**
 * A middleware that refuses a state-changing request (any method but GET,
 * HEAD, OPTIONS, TRACE) that fails the session's CSRF check — from another
 * site, or without this session's token — with a 403. The token is the
 * parsed body's `_csrf` field (put `express.urlencoded()` before it for
 * forms) or the `x-csrf-token` header. Runs after `session()` (same
 * `contextKey`); put `await req.session.csrfToken()` in each form.
 *
 * @example
 * ```ts
 * app.use(express.urlencoded({ extended: false }), session({ password }), csrf());
 * ```
 */
export function csrf(
  options: { contextKey?: string } = {},
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const key = options.contextKey ?? "session";
  return (req, res, next) => {
    if (!isUnsafeMethod(req.method ?? "GET")) return next();
    const manager = (req as unknown as Record<string, SessionManager | undefined>)[key];
    if (!manager)
      return next(
        new OptionsInvalidError(
          `csrf() found no session at req.${key}: use it after session() (with the same contextKey).`,
        ),
      );
    const token = csrfFieldOf((req as { body?: unknown }).body);
    csrfRefusal(manager.verifyCsrf(token)).then((refused) => {
      if (!refused) return next();
      res.statusCode = 403;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end("Forbidden");
    }, next);
  };
}

/**
 * The session functions Nitro documents, on Express's `(req, res)`:
 * `useSession(req, res, config)` returns the manager (`id`, `data`, `update`,
 * `clear`, `regenerate`…) without the middleware, and `update()` seals at
 * once, as in h3 (await it before the response is sent); `getSession`,
 * `updateSession`, `clearSession`, `sealSession` and `unsealSession` likewise.
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions<[req: IncomingMessage, res: ServerResponse], AppData>((req, res) =>
    nodeExchange(req, res),
  );
