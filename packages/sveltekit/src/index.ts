/**
 * @module `@sealed-session/sveltekit`: sealed cookie sessions for SvelteKit
 * 3 — a `handle` hook putting the session on `event.locals`, and Nitro's
 * session functions on a `RequestEvent`.
 */
import {
  OptionsInvalidError,
  type SessionConfig,
  type SessionData,
  type SessionManager,
  verifyRequestCsrf,
} from "@sealed-session/core";
import {
  bindSessionFunctions,
  commitIfChanged,
  csrfRefusal,
  isUnsafeMethod,
  openSession,
  resolveSessionConfig,
  SECURE_DEFAULTS,
} from "@sealed-session/core/adapter";
import type { RequestEvent } from "@sveltejs/kit";
import type { Handle } from "@sveltejs/kit/hooks";
import { exchangeOf } from "./exchange";

export type {
  Session,
  SessionConfig,
  SessionData,
  SessionManager,
  SessionUpdate,
} from "@sealed-session/core";

/**
 * The data of `event.locals.session`. Declare its fields by merging:
 *
 * @example
 * ```ts
 * // src/app.d.ts
 * declare module "@sealed-session/sveltekit" {
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

declare global {
  namespace App {
    interface Locals {
      /** The session manager `handleSession()` puts here (with the default `contextKey`). */
      session: SessionManager<AppData>;
    }
  }
}

/** Options of `handleSession()`: a session config, and the `event.locals` key of its manager. */
export type HandleSessionOptions<T extends SessionData = AppData> = SessionConfig<T> & {
  /** The property of `event.locals` that holds the manager (the name every adapter shares). @default "session" */
  contextKey?: string;
};

/**
 * A `handle` hook that opens the session, puts its manager on
 * `event.locals.session` (typed through `App.Locals`) and, once the
 * response is made, commits it: reseals only if `data` changed, so load
 * functions, form actions and `+server.ts` routes may mutate
 * `event.locals.session.data` directly. What `update()`, `regenerate()` and
 * `clear()` write while the request resolves goes through `event.cookies`
 * (chunks included, each under Kit's 4 KB cookie limit); the commit after
 * `resolve` goes onto the response Kit made — pages, actions, endpoints,
 * redirects and error pages alike. Combine it with others through
 * `sequence()`. A missing or short password throws here, at start-up.
 *
 * @example
 * ```ts
 * // src/hooks.server.ts
 * import { env } from "$env/dynamic/private";
 * export const handle = handleSession({ password: env.SESSION_PASSWORD, maxAge: 60 * 60 * 24 * 7 });
 * ```
 */
export function handleSession<T extends SessionData = AppData>(
  options: HandleSessionOptions<T>,
): Handle {
  const { contextKey: key = "session", ...config } = options;
  resolveSessionConfig(config, undefined, SECURE_DEFAULTS);
  return async ({ event, resolve }) => {
    const exchange = exchangeOf(event);
    // Not sealed yet: the commit after resolve writes a new session once.
    const manager = await openSession(exchange, config as SessionConfig<T>);
    (event.locals as unknown as Record<string, unknown>)[key] = manager;
    exchange.resolved(await resolve(event));
    await commitIfChanged(manager);
    return exchange.response as Response;
  };
}

/**
 * A `handle` hook that refuses a state-changing request (any method but GET,
 * HEAD, OPTIONS, TRACE) that fails the session's CSRF check — from another
 * site, or without this session's token in a form's `_csrf` field or the
 * `x-csrf-token` header — with a 403, before any action or endpoint runs.
 * It adds the session-bound token to Kit's own Origin check. Put it after
 * `handleSession()` in `sequence()` (same `contextKey`); form actions still
 * read the form.
 *
 * @example
 * ```ts
 * export const handle = sequence(handleSession({ password }), handleCsrf());
 * ```
 */
export function handleCsrf(options: { contextKey?: string } = {}): Handle {
  const key = options.contextKey ?? "session";
  return async ({ event, resolve }) => {
    if (isUnsafeMethod(event.request.method)) {
      const manager = (event.locals as unknown as Record<string, SessionManager | undefined>)[key];
      if (!manager)
        throw new OptionsInvalidError(
          `handleCsrf() found no session at event.locals.${key}: put it after handleSession() in sequence() (with the same contextKey).`,
        );
      if (await csrfRefusal(verifyRequestCsrf(event.request, manager)))
        return new Response("Forbidden", { status: 403 });
    }
    return resolve(event);
  };
}

/**
 * The session functions Nitro documents, on a SvelteKit `RequestEvent`:
 * `useSession(event, config)` returns the manager (`update()` seals at once
 * and writes through `event.cookies`, as h3 does through its event), and
 * `getSession`, `updateSession`, `clearSession`, `sealSession` and
 * `unsealSession` likewise. They need no hook.
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions<[event: RequestEvent], AppData>(exchangeOf);
