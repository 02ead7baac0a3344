import { conformanceContext } from "@sealed-session/testing/context";
import { createFileRoute } from "@tanstack/react-router";
import * as start from "../../../../../src/index";

// /c/<route>: the conformance suite's routes (the handler the test installed),
// through the binding's functions, from this build.
type Handler = (context: unknown) => Promise<unknown>;

async function handle({ request }: { request: Request }) {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) return new Response("no handler", { status: 500 });
  const url = new URL(request.url);
  url.pathname = url.pathname.slice("/c".length);
  const body = request.method === "POST" ? await request.json() : undefined;
  // Start's functions take no request arguments: the binding knows the request.
  return Response.json(
    await handler(conformanceContext({ method: request.method, url, body }, start)),
  );
}

export const Route = createFileRoute("/c/$")({
  server: { handlers: { GET: handle, POST: handle } },
});
