import type { SessionConfig } from "@sealed-session/core";
import {
  bindSessionFunctions,
  csrfFieldOf,
  type SessionFunctions,
} from "@sealed-session/core/adapter";
import * as h3 from "@sealed-session/h3";
import * as server from "@tanstack/react-start/server";
import { hasHelpers, type StartServer, startExchange } from "./exchange";

export type {
  Session,
  SessionConfig,
  SessionData,
  SessionManager,
  SessionUpdate,
} from "@sealed-session/core";
export type { StartServer } from "./exchange";

/** The request's h3 event, as `getEvent()` of TanStack Start 1.131 and earlier gives it. */
export type EventAccessor = () => h3.H3Event;

/**
 * Nitro's session functions without the event: TanStack Start knows the
 * request each call belongs to. `useSession(config)` returns the manager
 * (`id`, `data`, `update`, `clear`, `regenerate`, `flash`…), and `update()`
 * seals at once, as in h3.
 */
export type StartSessionFunctions = SessionFunctions<[]>;

/**
 * The session functions bound to a TanStack Start server module: the request
 * and response helpers of Start 1.132 and later (`getRequest`,
 * `appendResponseHeader`, `setResponseHeader`), or the `getEvent` of Start
 * 1.131 and earlier (or an accessor of the request's h3 event).
 *
 * @example
 * ```ts
 * import * as server from "@tanstack/solid-start/server";
 * export const { useSession, clearSession } = bindStartSessions(server);
 * ```
 */
export function bindStartSessions(start: StartServer | EventAccessor): StartSessionFunctions {
  if (typeof start !== "function" && hasHelpers(start))
    return bindSessionFunctions(() => startExchange(start));
  const eventOf =
    typeof start === "function" ? start : (start.getEvent as EventAccessor | undefined);
  if (!eventOf) {
    throw new TypeError(
      "@sealed-session/tanstack-start: pass the Start server module (@tanstack/<framework>-start/server): it has neither getRequest, appendResponseHeader and setResponseHeader (Start 1.132+) nor getEvent (Start 1.131).",
    );
  }
  return {
    useSession: (config) => h3.useSession(eventOf(), config),
    getSession: (config) => h3.getSession(eventOf(), config),
    updateSession: (config, update) => h3.updateSession(eventOf(), config, update),
    clearSession: (config) => h3.clearSession(eventOf(), config),
    sealSession: (config) => h3.sealSession(eventOf(), config),
    unsealSession: (config, sealed) => h3.unsealSession(eventOf(), config, sealed),
  } as StartSessionFunctions;
}

/**
 * Nitro's session functions for TanStack Start (React), called in a server
 * function, a server route or a loader's server function, with no event:
 * `useSession(config)` returns the manager and `update()` seals the cookie
 * into the response at once.
 *
 * @example
 * ```ts
 * const config = { password: process.env.SESSION_PASSWORD!, maxAge: 60 * 60 * 24 * 7 };
 * export const visit = createServerFn({ method: "POST" }).handler(async () => {
 *   const session = await useSession<{ visits?: number }>(config);
 *   await session.update((data) => ({ visits: (data.visits ?? 0) + 1 }));
 *   return session.data;
 * });
 * ```
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindStartSessions(server as StartServer);

// `useSession` under a name React's hook rules do not take for a hook (it is Nitro's, not React's).
const getManager = useSession;

/**
 * The CSRF check of a server function or a server route's state-changing
 * request: refuses one from another site, or without this session's token —
 * `form`'s `_csrf` field (a `FormData`), a token string, else the
 * `x-csrf-token` header — by throwing `SessionCsrfError` (`status` 403).
 * With `bindStartSessions`, call the manager's own:
 * `(await useSession(config)).verifyCsrf(token)`.
 *
 * @example
 * ```ts
 * export const save = createServerFn({ method: "POST" })
 *   .validator((form: FormData) => form)
 *   .handler(async ({ data }) => {
 *     await verifyCsrf(config, data);
 *     // …
 *   });
 * ```
 */
export async function verifyCsrf(
  config: SessionConfig,
  form?: FormData | string | null,
): Promise<void> {
  const session = await getManager(config);
  await session.verifyCsrf(csrfFieldOf(form));
}
