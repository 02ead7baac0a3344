import { clearSession, getSession, sealSession, unsealSession, updateSession, useSession } from "@sealed-session/h3";
import type { APIEvent } from "@solidjs/start/server";

// /c/<route>: the conformance suite's routes (the handler the test installed),
// through the h3 adapter on the route's h3 v2 event, from this build.
type Handler = (context: unknown) => Promise<unknown>;

async function handle({ request, nativeEvent: event }: APIEvent) {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) return new Response("no handler", { status: 500 });
  const url = new URL(request.url);
  url.pathname = url.pathname.slice("/c".length);
  return handler({
    method: request.method,
    url,
    body: request.method === "POST" ? await request.json() : undefined,
    useSession: (config: never) => useSession(event, config),
    getSession: (config: never) => getSession(event, config),
    updateSession: (config: never, update?: never) => updateSession(event, config, update),
    clearSession: (config: never) => clearSession(event, config),
    sealSession: (config: never) => sealSession(event, config),
    unsealSession: (config: never, sealed: string) => unsealSession(event, config, sealed),
  });
}

export const GET = handle;
export const POST = handle;
