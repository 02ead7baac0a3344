import type { SessionManager } from "@sealed-session/core";
import { csrfFieldOf, isUnsafeMethod, nodeExchange } from "@sealed-session/core/adapter";
import type { H3Event } from "@sealed-session/h3";
import { useSession, verifyCsrf } from "@sealed-session/h3";
// By the package name: the one `AppSessionData` an app augments, in dist/module.d.ts.
import type { AppSessionData } from "@sealed-session/nuxt";
import { readBody, useRuntimeConfig } from "#imports";
import { adoptNuxtSession, type NuxtSessionSource } from "./nuxt-session";

/**
 * The app's session (`runtimeConfig.session`, its password from
 * `NUXT_SESSION_PASSWORD`), typed by `AppSessionData`: auto-imported in
 * server routes by `@sealed-session/nuxt`. With the module's
 * `fromNuxtSession` option, a user's cookie of Nuxt's built-in sessions is
 * taken over on their first call.
 *
 * @example
 * ```ts
 * // server/api/visit.post.ts
 * export default defineEventHandler(async (event) => {
 *   const session = await useAppSession(event);
 *   await session.update((data) => ({ visits: (data.visits ?? 0) + 1 }));
 *   return session.data;
 * });
 * ```
 */
export async function useAppSession(event: H3Event): Promise<SessionManager<AppSessionData>> {
  const config = useRuntimeConfig(event);
  const session = await useSession<AppSessionData>(event, config.session as never);
  const from = config.sealedSessionFrom as NuxtSessionSource | undefined;
  if (from?.name && "node" in event) {
    await adoptNuxtSession(
      nodeExchange(event.node.req, event.node.res, "h3"),
      session as never,
      from,
      String(config.appSecret ?? ""),
      // The session's acceptLegacyUntil retires Nuxt's format too (read as core reads it: a date or ms).
      legacyUntilOf((config.session as { acceptLegacyUntil?: string | number }).acceptLegacyUntil),
    );
  }
  return session;
}

/**
 * The CSRF check of a state-changing request to a server route, for the
 * app's session: refuses one from another site, or without this session's
 * token — `token` when given, else a form post's `_csrf` field (read with
 * `readBody`, which keeps the body for the handler), else the
 * `x-csrf-token` header — with a 403 (an h3 error). Auto-imported with
 * `useAppSession`; put `await (await useAppSession(event)).csrfToken()` in
 * each form.
 *
 * @example
 * ```ts
 * // server/api/note.post.ts
 * export default defineEventHandler(async (event) => {
 *   await verifyAppCsrf(event);
 *   const { note } = await readBody(event);
 *   // …
 * });
 * ```
 */
export async function verifyAppCsrf(event: H3Event, token?: string | null): Promise<void> {
  const config = useRuntimeConfig(event);
  let given = token;
  const method = "node" in event ? (event.node.req as { method?: string }).method : undefined;
  if (given == null && isUnsafeMethod(method ?? "GET") && isForm(event))
    given = csrfFieldOf(await readBody(event));
  await verifyCsrf(event, config.session as never, given);
}

function isForm(event: H3Event): boolean {
  const type = "node" in event ? event.node.req.headers?.["content-type"] : undefined;
  return /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(String(type ?? ""));
}

function legacyUntilOf(value: string | number | undefined): number {
  return value === undefined ? Number.POSITIVE_INFINITY : new Date(value).getTime();
}
