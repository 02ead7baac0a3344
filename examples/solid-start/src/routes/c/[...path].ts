import * as h3 from "@sealed-session/h3";
import { conformanceContext } from "@sealed-session/testing/context";
import type { APIEvent } from "@solidjs/start/server";

// /c/<route>: the conformance suite's routes (the handler the test installed),
// through the h3 adapter on the route's h3 v2 event, from this build.
type Handler = (context: unknown) => Promise<unknown>;

async function handle({ request, nativeEvent: event }: APIEvent) {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) return new Response("no handler", { status: 500 });
  const url = new URL(request.url);
  url.pathname = url.pathname.slice("/c".length);
  const body = request.method === "POST" ? await request.json() : undefined;
  return handler(conformanceContext({ method: request.method, url, body }, h3, event));
}

export const GET = handle;
export const POST = handle;
