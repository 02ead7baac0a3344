// /api/p/<route>: the conformance suite's routes through the Pages Router's
// API routes (Node's req and res).
import type { IncomingMessage, ServerResponse } from "node:http";
import { conformanceContext } from "@sealed-session/testing/context";
import * as pages from "../../../../../src/pages";

type Handler = (context: unknown) => Promise<unknown>;

export const config = { api: { bodyParser: true } };

export default async function handle(
  req: IncomingMessage & { body?: unknown; query: { path?: string[] } },
  res: ServerResponse,
) {
  const handler = (globalThis as { __sealedSessionHandler?: Handler }).__sealedSessionHandler;
  const url = new URL(req.url ?? "/", "http://localhost");
  url.pathname = url.pathname.slice("/api/p".length);
  const send = (status: number, value: unknown) => {
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(value));
  };
  if (!handler) return send(500, "no handler");
  const body = req.method === "POST" ? req.body : undefined;
  try {
    send(
      200,
      await handler(
        conformanceContext({ method: req.method ?? "GET", url, body }, pages, req, res),
      ),
    );
  } catch (error) {
    send(500, { error: String(error) });
  }
}
