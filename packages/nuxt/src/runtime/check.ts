// Runs when the server starts: a missing, short or placeholder password, or
// any other mistake in runtimeConfig.session, stops it with a message that
// says how to fix it, instead of failing on the first request.
import { resolveSessionConfig } from "@sealed-session/core/adapter";
import { defineNitroPlugin, useRuntimeConfig } from "#imports";

export default defineNitroPlugin(() => {
  resolveSessionConfig(useRuntimeConfig().session as never);
});
