import type { H3Event, SessionManager } from "@sealed-session/h3";
import { useSession } from "@sealed-session/h3";
import { useRuntimeConfig } from "#imports";
import type { AppSessionData } from "../types";

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
