import type { SessionManager } from "@sealed-session/core";
import { nodeExchange } from "@sealed-session/core/adapter";
import type { H3Event } from "@sealed-session/h3";
import { useSession } from "@sealed-session/h3";
// By the package name: the one `AppSessionData` an app augments, in dist/module.d.ts.
import type { AppSessionData } from "@sealed-session/nuxt";
import { useRuntimeConfig } from "#imports";
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
    );
  }
  return session;
}
