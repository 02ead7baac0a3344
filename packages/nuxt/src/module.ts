// `@sealed-session/nuxt`: `modules: ["@sealed-session/nuxt"]` in nuxt.config.ts.
// Build time only; what runs in the server is in runtime/.
import { fileURLToPath } from "node:url";
import { addServerImports, addServerPlugin, defineNuxtModule } from "@nuxt/kit";
import type { SessionConfig } from "@sealed-session/core";
import sealedSessionNitro from "@sealed-session/h3/nitro";

/**
 * Options of the module (`sealedSession` in nuxt.config.ts): the session
 * config of `useAppSession(event)`, merged into `runtimeConfig.session`.
 * Leave the password out of it: set `NUXT_SESSION_PASSWORD` (a password, or a
 * keyring `"3:…,2:…"`) where the server runs.
 */
export type ModuleOptions = Omit<
  SessionConfig,
  | "password"
  | "generateId"
  | "crypto"
  | "onError"
  | "telemetry"
  | "schema"
  | "revocation"
  | "store"
  | "userKey"
> & {
  /**
   * Take over the cookies of Nuxt's built-in sessions (`useSession` from
   * `nuxt/server`, Nuxt 4.6+): a user's first `useAppSession(event)` with
   * such a cookie moves its data into this session and expires it. `true`
   * reads Nuxt's default cookie, `nuxt-session`, sealed with the password
   * Nuxt derives from `appSecret` (`NUXT_APP_SECRET`); or name the cookie,
   * the password the app gave Nuxt's `useSession`, and the cookie's `path`
   * and `domain`. The password may come from `NUXT_SEALED_SESSION_FROM_PASSWORD`.
   * @default false
   */
  fromNuxtSession?:
    | boolean
    | { name?: string; password?: string; cookie?: { path?: string; domain?: string } };
};

export type { AppSessionData } from "./types";

const runtime = (name: string) => fileURLToPath(new URL(`./runtime/${name}`, import.meta.url));

/**
 * Sealed cookie sessions for Nuxt (Nitro 2, h3 v1) with h3 v2's behaviour:
 * chunked cookies past 4 KB, key rotation and keyrings, 8192 PBKDF2
 * iterations, `idleTimeout`, flash messages, typed errors.
 *
 * - Server routes get `useSession`, `getSession`, `updateSession`,
 *   `clearSession`, `sealSession` and `unsealSession` from
 *   `@sealed-session/h3` in place of h3's (same calls as Nitro's
 *   documentation), and `useAppSession(event)`: the session of
 *   `runtimeConfig.session`, typed by `AppSessionData`.
 * - Each response waits for session writes its handler did not await.
 * - The server refuses to start without a usable password.
 * - With `fromNuxtSession`, users of Nuxt's built-in sessions keep their data.
 */
export default defineNuxtModule<ModuleOptions>({
  meta: {
    name: "@sealed-session/nuxt",
    configKey: "sealedSession",
    compatibility: { nuxt: ">=3.15.0" },
  },
  defaults: { name: "session" },
  setup(options, nuxt) {
    const { runtimeConfig } = nuxt.options;
    // Server-only runtime config: NUXT_SESSION_PASSWORD (and NUXT_SESSION_*) override it at run time.
    const session: Partial<SessionConfig> | undefined = runtimeConfig.session;
    const { fromNuxtSession, ...sessionOptions } = options;
    runtimeConfig.session = { ...sessionOptions, ...session, password: session?.password ?? "" };
    if (fromNuxtSession) {
      const from = fromNuxtSession === true ? {} : fromNuxtSession;
      runtimeConfig.sealedSessionFrom = {
        name: from.name ?? "nuxt-session",
        password: from.password ?? "",
        path: from.cookie?.path ?? "/",
        ...(from.cookie?.domain ? { domain: from.cookie.domain } : {}),
      };
    }
    // Nitro's options (typed by @nuxt/nitro-server, which a module need not resolve).
    const nitro = (nuxt.options as unknown as { nitro: { modules?: unknown[] } }).nitro;
    nitro.modules ??= [];
    nitro.modules.push(sealedSessionNitro);
    addServerImports([
      { name: "useAppSession", from: runtime("session") },
      { name: "verifyAppCsrf", from: runtime("session") },
    ]);
    addServerPlugin(runtime("check"));
  },
});

declare module "@nuxt/schema" {
  interface RuntimeConfig {
    /** The session config of `useAppSession(event)` (`@sealed-session/nuxt`); its password from `NUXT_SESSION_PASSWORD`. */
    session: SessionConfig;
    /** Where Nuxt's built-in session cookie is read from (`sealedSession.fromNuxtSession`). */
    sealedSessionFrom?: { name: string; password: string; path: string; domain?: string };
  }
}
