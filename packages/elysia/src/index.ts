/**
 * @module `@sealed-session/elysia`: sealed cookie sessions for Elysia — a
 * plugin deriving the session onto the context and committing it after the
 * handler or on an error, through Elysia's own cookie jar.
 */
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
  openSession,
  requestHeader,
  resolveSessionConfig,
  SECURE_DEFAULTS,
  type SessionExchange,
  type StagedSession,
} from "@sealed-session/core/adapter";
import { Elysia } from "elysia";

export type {
  Session,
  SessionConfig,
  SessionData,
  SessionManager,
  SessionUpdate,
} from "@sealed-session/core";

/** What the session uses of an Elysia context: its request, cookie jar and response headers. */
export interface SessionContext {
  readonly request: Request;
  readonly cookie: Record<string, { set(options: Record<string, unknown>): unknown }>;
  readonly set: { headers: Record<string, unknown> };
}

/** Options of `session()`: a session config, and the context key of its manager. */
export type SessionPluginOptions<
  T extends SessionData = SessionData,
  K extends string = "session",
> = SessionConfig<T> & {
  /** The context property that holds the manager (the name every adapter shares). @default "session" */
  contextKey?: K;
};

/**
 * An Elysia plugin that opens the session in a global `derive` — the
 * manager is `session` on every handler's context (or `contextKey`), typed —
 * and commits it once the handler is done, or when it threw (in
 * `onAfterHandle`, `onError` and `mapResponse`, whichever runs): reseals only if
 * `data` changed, so handlers may mutate `session.data` directly. Cookies go
 * through Elysia's own cookie jar, so they sit beside the app's cookies and
 * reach every response — a returned value, a `Response`, `redirect()`,
 * `status()`, the default error response and one an `onError` handler
 * returns. A commit that fails gives Elysia's 500 with no cookie. A missing
 * or short password throws here, at start-up.
 *
 * @example
 * ```ts
 * const app = new Elysia()
 *   .use(session<{ visits?: number }>({ password: process.env.SESSION_PASSWORD! }))
 *   .get("/", ({ session }) => {
 *     session.data.visits = (session.data.visits ?? 0) + 1;
 *     return session.data;
 *   });
 * ```
 */
export function session<T extends SessionData = SessionData, K extends string = "session">(
  options: SessionPluginOptions<T, K>,
) {
  const { contextKey, ...config } = options;
  const key = (contextKey ?? "session") as K;
  resolveSessionConfig(config, undefined, SECURE_DEFAULTS);
  // Committed by onAfterHandle or onError: mapResponse, which follows either,
  // then need not compare the data a second time.
  const settled = new WeakSet<SessionManager>();
  const failed = new WeakSet<SessionManager>();
  const commit = async (manager: SessionManager | undefined) => {
    if (!manager || failed.has(manager)) return;
    settled.add(manager);
    try {
      await commitIfChanged(manager);
    } catch (error) {
      // The error response that follows must not try again.
      failed.add(manager);
      throw error;
    }
  };
  const managerOf = (context: unknown) =>
    (context as Record<string, unknown>)[key] as SessionManager | undefined;
  return (
    new Elysia({ name: "@sealed-session/elysia", seed: `${config.name ?? ""}:${key}` })
      .derive({ as: "global" }, async (context) => {
        // Not sealed yet: the commit after the handler writes a new session once.
        const manager = await openSession(exchangeOf(context), config as SessionConfig<T>);
        return { [key]: manager } as { [P in K]: SessionManager<T> };
      })
      .onAfterHandle({ as: "global" }, (context) => commit(managerOf(context)))
      .onError({ as: "global" }, async (context) => {
        await commit(managerOf(context));
      })
      // An onError registered before this plugin that answers first skips ours;
      // mapResponse still runs for its response, and the jar still reaches it.
      .mapResponse({ as: "global" }, async (context) => {
        const manager = managerOf(context);
        if (manager && !settled.has(manager)) await commit(manager);
      })
  );
}

/**
 * A plugin that refuses a state-changing request (any method but GET, HEAD,
 * OPTIONS, TRACE) that fails the session's CSRF check — from another site,
 * or without this session's token in the parsed body's `_csrf` field or the
 * `x-csrf-token` header — with a 403, before the handler runs. Use it after
 * `session()` (same `contextKey`).
 *
 * @example
 * ```ts
 * new Elysia().use(session({ password })).use(csrf())
 *   .get("/form", async ({ session }) => ({ token: await session.csrfToken() }));
 * ```
 */
export function csrf(options: { contextKey?: string } = {}) {
  const key = options.contextKey ?? "session";
  return new Elysia({ name: "@sealed-session/elysia/csrf", seed: key }).onBeforeHandle(
    { as: "global" },
    async (context) => {
      if (!isUnsafeMethod(context.request.method)) return;
      const manager = (context as unknown as Record<string, SessionManager | undefined>)[key];
      if (!manager)
        throw new OptionsInvalidError(
          `csrf() found no session at context.${key}: use it after session() (with the same contextKey).`,
        );
      if (await csrfRefusal(manager.verifyCsrf(csrfFieldOf(context.body)))) {
        context.set.status = 403;
        return "Forbidden";
      }
    },
  );
}

/**
 * The session functions Nitro documents, on an Elysia context:
 * `useSession(context, config)` returns the manager (`update()` seals at
 * once and writes through the context's cookie jar, as h3 does through its
 * event), and `getSession`, `updateSession`, `clearSession`, `sealSession`
 * and `unsealSession` likewise. They need no plugin.
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions((context: SessionContext) => exchangeOf(context));

// The exchange of a request, kept on its Request object (the same in every
// hook and handler of the request).
function exchangeOf(context: SessionContext): SessionExchange {
  let exchange = exchanges.get(context.request);
  if (!exchange) {
    exchange = new JarExchange(context);
    exchanges.set(context.request, exchange);
  }
  return exchange;
}

const exchanges = new WeakMap<Request, SessionExchange>();

class JarExchange implements SessionExchange {
  readonly key = {};
  // No sessions of this shape to keep reading: tokens bound to their cookie, a __Host- cookie.
  readonly defaults = SECURE_DEFAULTS;
  readonly #context: SessionContext;

  constructor(context: SessionContext) {
    this.#context = context;
  }

  getRequestHeader(name: string): string | null {
    return requestHeader(this.#context.request, name);
  }

  stage(_name: string, staged: StagedSession): void {
    // Each chunk is a cookie of the jar: a later write of a name replaces the earlier one.
    for (const { name, value, options } of staged.cookies ?? [])
      this.#context.cookie[name]?.set({ ...options, value });
    if (staged.header) this.#context.set.headers[staged.header[0]] = staged.header[1];
  }
}
