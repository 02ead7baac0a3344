// Nuxt's own sessions (nuxt/server, Nuxt 4.6+) in the same app, in a
// nuxt/server handler as Nuxt asks: the explicit imports win over the
// auto-imported names, and this library's auto-imported useSession still
// works on the handler's (portable) event beside them.
import { defineEventHandler, readBody, useSession as useNuxtSession } from "nuxt/server";

export default defineEventHandler(async (event) => {
  const { user, visits } = await readBody<{ user?: string; visits?: number }>(event);
  const nuxt = await useNuxtSession<{ user?: string; visits?: number }>(event);
  await nuxt.update({ user, visits });
  // The auto-imported useSession in the same file: this library's (sealed at 8192 iterations, a createdAt).
  const ours = await useSession(event, {
    password: useRuntimeConfig(event).session.password,
    name: "beside",
  });
  return { nuxt: nuxt.data, ours: { id: ours.id, createdAt: ours.createdAt } };
});
