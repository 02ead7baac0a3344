// /c/<route>: the conformance suite's routes (the handler the test installed)
// through the Web binding in a route handler: the request in, the response out.
import { applyExchange, bindSessionFunctions, webExchange } from "@sealed-session/core/adapter";
import { conformanceContext } from "@sealed-session/testing/context";

type Handler = (context: unknown) => Promise<unknown>;
const functions = bindSessionFunctions((request: Request) => webExchange(request));

async function handle(request: Request): Promise<Response> {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  if (!handler) return new Response("no handler", { status: 500 });
  const url = new URL(request.url);
  url.pathname = url.pathname.slice("/c".length);
  const body = request.method === "POST" ? await request.json() : undefined;
  try {
    const result = await handler(
      conformanceContext({ method: request.method, url, body }, functions, request),
    );
    return applyExchange(webExchange(request), Response.json(result));
  } catch (error) {
    return applyExchange(
      webExchange(request),
      Response.json({ error: String(error) }, { status: 500 }),
    );
  }
}

export const dynamic = "force-dynamic";
export { handle as GET, handle as POST };
