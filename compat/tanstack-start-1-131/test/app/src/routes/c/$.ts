import { clearSession, getSession, sealSession, unsealSession, updateSession, useSession } from "@sealed-session/tanstack-start";
import { createServerFileRoute } from "@tanstack/react-start/server";

// /c/<route>: the conformance suite's routes (the handler the test installed),
// through the binding's functions, from this build.
type Handler = (context: unknown) => Promise<unknown>;

async function handle({ request }: { request: Request }) {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) return new Response("no handler", { status: 500 });
  const url = new URL(request.url);
  url.pathname = url.pathname.slice("/c".length);
  const result = await handler({
    method: request.method,
    url,
    body: request.method === "POST" ? await request.json() : undefined,
    useSession: (config: never) => useSession(config),
    getSession: (config: never) => getSession(config),
    updateSession: (config: never, update?: never) => updateSession(config, update),
    clearSession: (config: never) => clearSession(config),
    sealSession: (config: never) => sealSession(config),
    unsealSession: (config: never, sealed: string) => unsealSession(config, sealed),
  });
  return Response.json(result);
}

export const ServerRoute = createServerFileRoute("/c/$").methods({ GET: handle, POST: handle });
