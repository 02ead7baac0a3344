// The suite's own check: the conformance suite against core's Web binding, a
// bare fetch handler (the one adapter that needs no framework).
import { clearSession, getSession, sealSession, unsealSession, updateSession, useWebSession } from "@sealed-session/core";
import { applyExchange, webExchange } from "@sealed-session/core/adapter";
import { describeSessionConformance } from "../src/index";

// The Web binding is the adapter here: a bare fetch handler.
describeSessionConformance("Web Request/Response", (handler) => ({
  async fetch(path, init) {
    const request = new Request(`http://localhost${path}`, init);
    const exchange = webExchange(request);
    const context = {
      method: request.method,
      url: new URL(request.url),
      body: request.method === "POST" ? await request.clone().json() : undefined,
      useSession: (config: Parameters<typeof useWebSession>[1]) => useWebSession(request, config),
      getSession: (config: Parameters<typeof getSession>[1]) => getSession(exchange, config),
      updateSession: (config: Parameters<typeof updateSession>[1], update?: Parameters<typeof updateSession>[2]) =>
        updateSession(exchange, config, update),
      clearSession: (config: Parameters<typeof clearSession>[1]) => clearSession(exchange, config),
      sealSession: (config: Parameters<typeof sealSession>[1]) => sealSession(exchange, config),
      unsealSession: (config: Parameters<typeof unsealSession>[1], sealed: string) => unsealSession(exchange, config, sealed),
    };
    try {
      return (await useWebSessionApply(request)).applyTo(Response.json(await handler(context)));
    } catch (error) {
      return (await useWebSessionApply(request)).applyTo(Response.json({ error: String(error) }, { status: 500 }));
    }
  },
}));

// applyTo only needs the request's exchange; any session of the request can apply it.
async function useWebSessionApply(request: Request) {
  return { applyTo: (response: Response) => applyExchange(webExchange(request), response) };
}
