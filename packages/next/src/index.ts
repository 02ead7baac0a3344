// Next.js's App Router (server actions, route handlers, server components)
// onto the core's port, through `next/headers`. Nothing else is here: every
// session rule is the core's.

import { OptionsInvalidError, type SessionConfig } from "@sealed-session/core";
import * as core from "@sealed-session/core/adapter";
import { cookies, headers } from "next/headers";
import { cookieHeader, type NextCookieStore, type StagedNames, stageOnStore } from "./cookies";

// What a page or an action may catch, and the route handler binding for header clients.
export {
  isSealedSessionError,
  SessionCsrfError,
  SessionReadOnlyError,
  useWebSession,
  verifyRequestCsrf,
  type WebSessionManager,
} from "@sealed-session/core";
export type * from "./types";

/**
 * Nitro's session functions with no request argument: Next knows the request
 * each call belongs to. In a server action or a route handler they read and
 * write (`update()` sets the cookie at once, as in h3); in a server component
 * they read only — a component renders after its response's headers, so a
 * change there throws `SessionReadOnlyError`, and a reseal that falls due
 * (an idle slide, a retired password) is left to the next action, route
 * handler or proxy pass.
 */
export type NextSessionFunctions = core.SessionFunctions<[]>;

// The store Next gives `cookies()` in this phase of this request; in a
// server component it is read-only (`set` throws), in an action or a route
// handler it keeps the cookies the response will set, under this symbol.
const MUTATED = Symbol.for("next.mutated.cookies");
const exchanges = new core.Slot<core.SessionExchange>("sealed-session.next");

async function appExchange(): Promise<core.SessionExchange> {
  const [store, requestHeaders] = await Promise.all([cookies(), headers()]);
  const cookieStore = store as unknown as NextCookieStore & { [MUTATED]?: unknown };
  return (
    exchanges.get(cookieStore) ??
    exchanges.set(cookieStore, exchangeOf(cookieStore, requestHeaders))
  );
}

function exchangeOf(
  store: NextCookieStore & { [MUTATED]?: unknown },
  requestHeaders: { get(name: string): string | null },
): core.SessionExchange {
  const names: StagedNames = new Map();
  return {
    key: names,
    readOnly: !Array.isArray(store[MUTATED]),
    // The store, not the request's header: it holds what an action set earlier in this request.
    getRequestHeader: (name) =>
      name === "cookie" ? cookieHeader(store) : requestHeaders.get(name),
    stage(name, staged) {
      if (staged.header) {
        throw new OptionsInvalidError(
          `Session "${name}" came in the ${staged.header[0]} header and its new token goes back in a response header, which next/headers cannot set. Answer header clients from a route handler: useWebSession(request, config), then session.applyTo(response).`,
        );
      }
      stageOnStore(store, names, name, staged);
    },
  };
}

// Each of core's functions with this request's exchange first.
const bind =
  <A extends unknown[], R>(fn: (exchange: core.SessionExchange, ...args: A) => Promise<R>) =>
  async (...args: A): Promise<R> =>
    fn(await appExchange(), ...args);

/**
 * Nitro's session functions for the App Router, called with the config only.
 *
 * @example
 * ```ts
 * "use server";
 * import { useSession } from "@sealed-session/next";
 * const config = { password: process.env.SESSION_PASSWORD!, maxAge: 60 * 60 * 24 * 7 };
 * export async function signIn(form: FormData) {
 *   const session = await useSession<{ user?: string }>(config);
 *   await session.update({ user: String(form.get("user")) });
 * }
 * ```
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } = {
  useSession: bind(core.useSession),
  getSession: bind(core.getSession),
  updateSession: bind(core.updateSession),
  clearSession: bind(core.clearSession),
  sealSession: bind(core.sealSession),
  unsealSession: bind(core.unsealSession),
} as unknown as NextSessionFunctions;

/**
 * `useSession` under a name React's rules of hooks (`eslint-plugin-react-hooks`,
 * on in `eslint-config-next`) do not take for a hook: the same function, for
 * server actions, async server components and route handlers, where that rule
 * flags any `use…` call.
 */
export const openSession: typeof useSession = useSession;

/**
 * The CSRF check of a server action or a route handler's state-changing
 * request: refuses one from another site (Next already checks a server
 * action's Origin; this adds `Sec-Fetch-Site`) or without this session's
 * token — `form`'s `_csrf` field (the action's `FormData`), a token string,
 * else the `x-csrf-token` header — by throwing `SessionCsrfError`
 * (`status` 403). Put `await openSession(config).then((s) => s.csrfToken())`
 * in the form.
 *
 * @example
 * ```ts
 * "use server";
 * export async function save(form: FormData) {
 *   await verifyCsrf(config, form);
 *   // …
 * }
 * ```
 */
export async function verifyCsrf(
  config: SessionConfig,
  form?: FormData | string | null,
): Promise<void> {
  const session = await openSession(config);
  await session.verifyCsrf(core.csrfFieldOf(form));
}
