import { conformanceContext } from "@sealed-session/testing/context";
import type { LoaderFunctionArgs } from "react-router";
import * as binding from "../../../../src/index";

// /c/<route>: the conformance suite's routes (the handler the test installed),
// through the binding's functions on the loader's arguments, from this build.
type Handler = (context: unknown) => Promise<unknown>;

async function handle(args: LoaderFunctionArgs) {
  const { request } = args;
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) return new Response("no handler", { status: 500 });
  const url = new URL(request.url);
  url.pathname = url.pathname.slice("/c".length);
  const body = request.method === "POST" ? await request.json() : undefined;
  try {
    return Response.json(
      await handler(conformanceContext({ method: request.method, url, body }, binding, args)),
    );
  } catch (error) {
    return Response.json({ error: (error as Error).message }, { status: 500 });
  }
}

export const loader = handle;
export const action = handle;
