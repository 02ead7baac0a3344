// Runs when the server starts: a missing, short or placeholder password, or
// any other mistake in runtimeConfig.session, stops it with a message that
// says how to fix it, instead of failing on the first request. So does
// `fromNuxtSession` without a secret to read Nuxt's cookies with.
import { OptionsInvalidError } from "@sealed-session/core";
import { resolveSessionConfig } from "@sealed-session/core/adapter";
import { defineNitroPlugin, useRuntimeConfig } from "#imports";

export default defineNitroPlugin(() => {
  const config = useRuntimeConfig();
  resolveSessionConfig(config.session as never);
  const from = config.sealedSessionFrom as { name?: string; password?: string } | undefined;
  const secret = config.appSecret;
  if (from?.name && !from.password && (typeof secret !== "string" || secret.length < 32)) {
    throw new OptionsInvalidError(
      `sealedSession.fromNuxtSession reads Nuxt's "${from.name}" cookies with a password derived from runtimeConfig.appSecret, which is ${
        typeof secret === "string" && secret ? "shorter than 32 characters" : "not set"
      }. Set NUXT_APP_SECRET to the secret the app used with Nuxt's sessions, or fromNuxtSession.password to the password it passed them.`,
    );
  }
});
