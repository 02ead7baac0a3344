// /c/<route>: the conformance suite's routes, through the functions Nuxt
// auto-imports in server routes (this library's), from this build.
type Handler = (context: unknown) => Promise<unknown>;

export default defineEventHandler(async (event) => {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) throw createError({ statusCode: 500, statusMessage: "no handler" });
  const url = getRequestURL(event);
  url.pathname = url.pathname.slice("/c".length);
  return handler({
    method: event.method,
    url,
    body: event.method === "POST" ? await readBody(event) : undefined,
    useSession: (config: never) => useSession(event, config),
    getSession: (config: never) => getSession(event, config),
    updateSession: (config: never, update?: never) => updateSession(event, config, update),
    clearSession: (config: never) => clearSession(event, config),
    sealSession: (config: never) => sealSession(event, config),
    unsealSession: (config: never, sealed: string) => unsealSession(event, config, sealed),
  });
});
