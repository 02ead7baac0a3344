// Reads Nuxt's own session back (nuxt/server), and the app's session in the same nuxt/server handler.
import { defineEventHandler, useSession as useNuxtSession } from "nuxt/server";

export default defineEventHandler(async (event) => {
  const nuxt = await useNuxtSession(event);
  const app = await useAppSession(event);
  return { nuxt: nuxt.data, app: app.data };
});
