import { conformanceContext } from "@sealed-session/testing/context";
import type { RequestEvent } from "@sveltejs/kit";
import * as binding from "../../../../../../src/index";

// /c/<route>: the conformance suite's routes (the handler the test installed),
// through the binding's functions on the RequestEvent, from this build.
type Handler = (context: unknown) => Promise<unknown>;

async function handle(event: RequestEvent) {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) return new Response("no handler", { status: 500 });
  const url = new URL(event.url);
  url.pathname = url.pathname.slice("/c".length);
  const body = event.request.method === "POST" ? await event.request.json() : undefined;
  try {
    return Response.json(
      await handler(
        conformanceContext({ method: event.request.method, url, body }, binding, event),
      ),
    );
  } catch (error) {
    return Response.json({ error: (error as Error).message }, { status: 500 });
  }
}

export const GET = handle;
export const POST = handle;
