import { conformanceContext } from "@sealed-session/testing/context";
import type { APIRoute } from "astro";
import * as astro from "../../../../src/index";

// Every other request goes to the handler the test installed (the conformance
// suite's routes), with the adapter's functions bound to this request — from
// this build, so they share its per-request state with the middleware.
export const prerender = false;

type Handler = (context: unknown) => Promise<unknown>;

export const ALL: APIRoute = async (context) => {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) return new Response("no handler", { status: 500 });
  const { request } = context;
  const body = request.method === "POST" ? await request.json() : undefined;
  return Response.json(
    await handler(
      conformanceContext(
        { method: request.method, url: new URL(request.url), body },
        astro,
        context,
      ),
    ),
  );
};
