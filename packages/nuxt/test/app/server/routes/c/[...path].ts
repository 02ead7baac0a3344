// /c/<route>: the conformance suite's routes, through the functions Nuxt
// auto-imports in server routes (this library's), from this build.
import { conformanceContext } from "@sealed-session/testing/context";

type Handler = (context: unknown) => Promise<unknown>;

export default defineEventHandler(async (event) => {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) throw createError({ statusCode: 500, statusMessage: "no handler" });
  const url = getRequestURL(event);
  url.pathname = url.pathname.slice("/c".length);
  const body = event.method === "POST" ? await readBody(event) : undefined;
  const functions = {
    useSession,
    getSession,
    updateSession,
    clearSession,
    sealSession,
    unsealSession,
  };
  return handler(conformanceContext({ method: event.method, url, body }, functions, event));
});
