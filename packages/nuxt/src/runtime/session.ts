import type { H3Event, SessionManager } from "@sealed-session/h3";
import { useSession } from "@sealed-session/h3";
// By the package name: the one `AppSessionData` an app augments, in dist/module.d.ts.
import type { AppSessionData } from "@sealed-session/nuxt";
import { useRuntimeConfig } from "#imports";

/**
 * The app's session (`runtimeConfig.session`, its password from
 * `NUXT_SESSION_PASSWORD`), typed by `AppSessionData`: auto-imported in
 * server routes by `@sealed-session/nuxt`.
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
export function useAppSession(event: H3Event): Promise<SessionManager<AppSessionData>> {
  return useSession<AppSessionData>(event, useRuntimeConfig(event).session as never);
}
