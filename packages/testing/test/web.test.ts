// The suite's own check: the conformance suite against core's Web binding, a
// bare fetch handler (the one adapter that needs no framework).
import * as adapter from "@sealed-session/core/adapter";
import { conformanceContext, describeSessionConformance } from "../src/index";

// The Web binding is the adapter here: a bare fetch handler.
describeSessionConformance("Web Request/Response", (handler) => ({
  async fetch(path, init) {
    const request = new Request(`http://localhost${path}`, init);
    const exchange = adapter.webExchange(request);
    const body = request.method === "POST" ? await request.clone().json() : undefined;
    const context = conformanceContext(
      { method: request.method, url: new URL(request.url), body },
      adapter,
      exchange,
    );
    try {
      return adapter.applyExchange(exchange, Response.json(await handler(context)));
    } catch (error) {
      return adapter.applyExchange(
        exchange,
        Response.json({ error: String(error) }, { status: 500 }),
      );
    }
  },
}));
