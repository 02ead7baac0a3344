import type { APIContext, APIRoute } from "astro";
import { clearSession, getSession, sealSession, unsealSession, updateSession, useSession } from "../../../../src/index";

// Every other request goes to the handler the test installed (the conformance
// suite's routes), with the adapter's functions bound to this request — from
// this build, so they share its per-request state with the middleware.
export const prerender = false;

type Handler = (context: unknown) => Promise<unknown>;

export const ALL: APIRoute = async (context) => {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) return new Response("no handler", { status: 500 });
  return Response.json(await handler(await contextOf(context)));
};

async function contextOf(context: APIContext) {
  return {
    method: context.request.method,
    url: new URL(context.request.url),
    body: context.request.method === "POST" ? await context.request.json() : undefined,
    useSession: (config: never) => useSession(context, config),
    getSession: (config: never) => getSession(context, config),
    updateSession: (config: never, update?: never) => updateSession(context, config, update),
    clearSession: (config: never) => clearSession(context, config),
    sealSession: (config: never) => sealSession(context, config),
    unsealSession: (config: never, sealed: string) => unsealSession(context, config, sealed),
  };
}
