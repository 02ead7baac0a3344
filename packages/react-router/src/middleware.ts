/**
 * @module Sessions on React Router's middleware: `session()` puts a manager
 * on the router context and commits it once; `withSessions` carries the
 * cookies of the function form (`useSession(args, config)` in loaders and
 * actions) to the response.
 */
import {
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
  SECURE_DEFAULTS,
  WebExchange,
} from "@sealed-session/core/adapter";
import {
  createContext,
  type MiddlewareFunction,
  type RouterContext,
  type RouterContextProvider,
} from "react-router";

/**
 * The data of the session `session()` opens. Declare its fields by merging:
 *
 * @example
 * ```ts
 * declare module "@sealed-session/react-router" {
 *   interface AppSessionData {
 *     user?: { id: string; name: string };
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface for applications to merge their fields into.
export interface AppSessionData {}

/** `AppSessionData` with the JSON object every session's data is. */
export type AppData = AppSessionData & SessionData;

/** What loaders, actions and middleware get, as far as sessions need it. */
export interface SessionArgs {
  readonly request: Request;
  readonly context: Readonly<RouterContextProvider>;
}

/** The router context `session()` puts its manager under (unless given another). */
export const sessionContext: RouterContext<SessionManager<AppData>> =
  createContext<SessionManager<AppData>>();

// The request's exchange: what every session of it staged for the response.
const exchangeContext = createContext<WebExchange | null>(null);

/** Options of `session()`: a session config, and the router context its manager goes under. */
export type SessionMiddlewareOptions<T extends SessionData = AppData> = SessionConfig<T> & {
  /** Where the manager goes: `context.get(sessionContext)`. Another one types a second session. @default sessionContext */
  context?: RouterContext<SessionManager<T>>;
};

/**
 * A server middleware that opens the session, puts its manager on the router
 * context — `context.get(sessionContext)` in every loader, action and
 * middleware below it — and, once the response is made, commits it once:
 * reseals only if `data` changed, so loaders and actions may mutate
 * `session.data` directly. The cookies reach the response whatever made it:
 * a page, a `.data` request, a resource route, a redirect, an error
 * boundary's render. A missing or short password throws here, at start-up.
 *
 * @example
 * ```ts
 * // app/root.tsx
 * export const middleware: Route.MiddlewareFunction[] = [
 *   session({ password: process.env.SESSION_PASSWORD!, maxAge: 60 * 60 * 24 * 7 }),
 * ];
 * // app/routes/home.tsx
 * export function loader({ context }: Route.LoaderArgs) {
 *   const session = context.get(sessionContext);
 *   session.data.visits = (session.data.visits ?? 0) + 1;
 *   return { visits: session.data.visits };
 * }
 * ```
 */
export function session<T extends SessionData = AppData>(
  options: SessionMiddlewareOptions<T>,
): MiddlewareFunction<Response> {
  const { context: key = sessionContext as RouterContext<SessionManager<T>>, ...config } = options;
  resolveSessionConfig(config, undefined, SECURE_DEFAULTS);
  return async ({ request, context }, next) => {
    const [exchange, owner] = claim(request, context);
    // Not sealed yet: the commit after the response writes a new session once.
    const manager = await openSession(exchange, config as SessionConfig<T>);
    context.set(key, manager);
    const response = await next();
    await commitIfChanged(manager);
    return owner ? applyExchange(exchange, response) : response;
  };
}

/**
 * A server middleware that refuses a state-changing request (an action's
 * POST, PUT, PATCH, DELETE…) that fails the session's CSRF check — from
 * another site, or without this session's token in a form's `_csrf` field or
 * the `x-csrf-token` header — with a 403, before the action runs. Put it
 * below `session()` (same `context`); the action still reads the form.
 *
 * @example
 * ```ts
 * // app/root.tsx
 * export const middleware = [session({ password }), csrf()];
 * // in a form: <input type="hidden" name="_csrf" value={loaderData.csrf} />
 * ```
 */
export function csrf(
  options: { context?: RouterContext<SessionManager<never>> } = {},
): MiddlewareFunction<Response> {
  const key = (options.context ?? sessionContext) as RouterContext<SessionManager>;
  return async ({ request, context }, next) => {
    if (isUnsafeMethod(request.method)) {
      // context.get throws, naming the context, when session() is not above.
      const manager = context.get(key);
      if (await csrfRefusal(verifyRequestCsrf(request, manager)))
        return new Response("Forbidden", { status: 403 });
    }
    return next();
  };
}

/**
 * A server middleware for the function form alone: it carries the cookies of
 * every session opened with `useSession(args, config)` (and the other
 * functions) below it to the response. Not needed beside `session()`, which
 * does the same.
 */
export const withSessions: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const [exchange, owner] = claim(request, context);
  const response = await next();
  return owner ? applyExchange(exchange, response) : response;
};

// The request's exchange, made by the outermost session middleware, which
// alone puts the staged cookies on the response: it commits last.
function claim(request: Request, context: Readonly<RouterContextProvider>): [WebExchange, boolean] {
  const held = context.get(exchangeContext);
  if (held) return [held, false];
  // No sessions of this shape to keep reading: tokens bound to their cookie, a __Host- cookie.
  const exchange = new WebExchange(request, SECURE_DEFAULTS);
  context.set(exchangeContext, exchange);
  return [exchange, true];
}

/**
 * The session functions Nitro documents, on a loader's, action's or
 * middleware's arguments: `useSession(args, config)` returns the manager
 * (`update()` seals at once, as in h3), and `getSession`, `updateSession`,
 * `clearSession`, `sealSession` and `unsealSession` likewise. They need
 * `session()` or `withSessions` in a middleware above them (the root route's),
 * which puts their cookies on the response; without one they throw rather
 * than lose a write.
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions<[args: SessionArgs], AppData>(({ context }) => {
    const exchange = context.get(exchangeContext);
    if (exchange) return exchange;
    throw new Error(
      "@sealed-session/react-router: useSession(args, config) needs session() or withSessions in a middleware above this route (export const middleware = [withSessions] from app/root.tsx): they put its cookies on the response.",
    );
  });
