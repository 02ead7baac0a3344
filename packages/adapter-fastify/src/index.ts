import {
  OptionsInvalidError,
  type SessionConfig,
  type SessionData,
  type SessionManager,
} from "@sealed-session/core";
import {
  bindSessionFunctions,
  commitIfChanged,
  csrfFieldOf,
  csrfRefusal,
  isUnsafeMethod,
  type NodeResponseLike,
  nodeExchange,
  openSessionNow,
  resolveSessionConfig,
  SECURE_DEFAULTS,
  type SessionExchange,
} from "@sealed-session/core/adapter";
import type {
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from "fastify";
import fp from "fastify-plugin";

export type {
  Session,
  SessionConfig,
  SessionData,
  SessionManager,
  SessionUpdate,
} from "@sealed-session/core";

/**
 * The data of `request.session`. Declare its fields by merging:
 *
 * @example
 * ```ts
 * declare module "@sealed-session/fastify" {
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

declare module "fastify" {
  interface FastifyRequest {
    /** The session manager the `session` plugin puts here (with the default `contextKey`). */
    session: SessionManager<AppData>;
  }
}

/** A request carrying a session manager under `Key`: types handlers of a second, named session. */
export type RequestWithSession<
  T extends SessionData = AppData,
  Key extends string = "session",
> = FastifyRequest & { [key in Key]: SessionManager<T> };

/** Options of the `session` plugin: a session config, and where the manager goes on `request`. */
export type SessionPluginOptions<T extends SessionData = SessionData> = SessionConfig<T> & {
  /** The property of `request` that holds the manager (the name every adapter shares). @default "session" */
  contextKey?: string;
};

/**
 * The Fastify plugin (wrapped by `fastify-plugin`, so it decorates the whole
 * app): `request.session` is the session manager, opened in `onRequest` —
 * without a promise when the request has no cookie or one this process
 * sealed or read before — and committed in `onSend`, so handlers may mutate
 * `request.session.data` directly and the cookie reaches every reply:
 * `reply.send`, a returned value, `reply.redirect`, a stream, and error
 * replies (a throw, `reply.callNotFound`, a validation error). A commit that
 * fails answers through Fastify's error handler, as h3 and Hono answer 500.
 * Several sessions register it once each, under their own `name` and
 * `contextKey`. A missing or short password, or a `contextKey` another
 * plugin already decorates (`@fastify/secure-session` and `@fastify/session`
 * take `session`), fails at `register`, at start-up.
 *
 * @example
 * ```ts
 * await app.register(session, { password: process.env.SESSION_PASSWORD!, maxAge: 60 * 60 * 24 * 7 });
 * app.get("/", async (request) => {
 *   request.session.data.visits = (request.session.data.visits ?? 0) + 1;
 *   return request.session.data;
 * });
 * ```
 */
export const session: FastifyPluginCallback<SessionPluginOptions> = fp(plugin, {
  fastify: "5.x",
  name: "@sealed-session/fastify",
});

// Avvio takes a synchronous throw of a callback plugin for a plugin that
// never finished: a configuration error goes to `done`, and `register` rejects.
function plugin(
  app: FastifyInstance,
  options: SessionPluginOptions,
  done: (error?: Error) => void,
): void {
  let failure: Error | undefined;
  try {
    install(app, options);
  } catch (error) {
    failure = error as Error;
  }
  done(failure);
}

function install(app: FastifyInstance, options: SessionPluginOptions): void {
  const { contextKey: key = "session", ...config } = options;
  resolveSessionConfig(config, undefined, SECURE_DEFAULTS);
  if (app.hasRequestDecorator(key))
    throw new Error(
      `@sealed-session/fastify: request.${key} is already decorated by another plugin. Register this plugin with another contextKey (e.g. { contextKey: "appSession" }), or give the other plugin another name (@fastify/secure-session: sessionName).`,
    );
  app.decorateRequest(key, null);
  app.addHook("onRequest", (request, reply, next) => {
    const target = request as unknown as Record<string, unknown>;
    let opened: SessionManager | Promise<SessionManager>;
    try {
      opened = openSessionNow(exchangeOf(request, reply), config);
    } catch (error) {
      return next(error as Error);
    }
    if (!(opened instanceof Promise)) {
      target[key] = opened;
      return next();
    }
    opened.then((manager) => {
      target[key] = manager;
      next();
    }, next);
  });
  app.addHook("onSend", (request, _reply, payload, next) => {
    const manager = (request as unknown as Record<string, SessionManager | null>)[key];
    let committing: Promise<unknown> | undefined;
    try {
      committing = manager ? commitIfChanged(manager) : undefined;
    } catch (error) {
      return next(error as Error);
    }
    if (!committing) return next(null, payload);
    committing.then(() => next(null, payload), next);
  });
}

/**
 * A `preHandler` hook that refuses a state-changing request (any method but
 * GET, HEAD, OPTIONS, TRACE) that fails the session's CSRF check — from
 * another site, or without this session's token — with a 403. The token is
 * the parsed body's `_csrf` field (register `@fastify/formbody` for forms)
 * or the `x-csrf-token` header. For the whole app
 * (`app.addHook("preHandler", csrf())`) or a route (`{ preHandler: csrf() }`),
 * after the plugin (same `contextKey`).
 */
export function csrf(options: { contextKey?: string } = {}): preHandlerAsyncHookHandler {
  const key = options.contextKey ?? "session";
  return async (request, reply) => {
    if (!isUnsafeMethod(request.method)) return;
    const manager = (request as unknown as Record<string, SessionManager | null>)[key];
    if (!manager)
      throw new OptionsInvalidError(
        `csrf() found no session at request.${key}: register the session plugin first (with the same contextKey).`,
      );
    if (await csrfRefusal(manager.verifyCsrf(csrfFieldOf(request.body))))
      return reply.code(403).type("text/plain; charset=utf-8").send("Forbidden");
  };
}

/**
 * The session functions Nitro documents, on Fastify's `(request, reply)`:
 * `useSession(request, reply, config)` returns the manager (`id`, `data`,
 * `update`, `clear`, `regenerate`…) without the plugin, and `update()`
 * seals at once, as in h3 (await it before the reply is sent);
 * `getSession`, `updateSession`, `clearSession`, `sealSession` and
 * `unsealSession` likewise.
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions<[request: FastifyRequest, reply: FastifyReply], AppData>(exchangeOf);

// Cookies go on the reply's own headers (Fastify sends them with its
// writeHead), so they sit beside @fastify/cookie's and survive an error
// reply; chunks are one array of Set-Cookie values. The exchange is kept per
// request by the core.
function exchangeOf(request: FastifyRequest, reply: FastifyReply): SessionExchange {
  // No sessions of this shape to keep reading: tokens bound to their cookie, a __Host- cookie.
  return nodeExchange(request, headersOf(reply), undefined, SECURE_DEFAULTS);
}

function headersOf(reply: FastifyReply): NodeResponseLike {
  return {
    get headersSent() {
      return reply.sent || reply.raw.headersSent;
    },
    getHeader: (name) => reply.getHeader(name),
    setHeader(name, value) {
      // reply.header() appends to set-cookie; the staged list replaces it.
      reply.removeHeader(name);
      reply.header(name, value);
    },
  };
}
