import { getRequestListener } from "@hono/node-server";
import {
  type ConformanceHandler,
  describeSessionConformance,
  serveNode,
} from "@sealed-session/testing";
import { Hono } from "hono";
import { contextOf } from "./_context";

const app = (handler: ConformanceHandler) =>
  new Hono()
    .onError((error, c) => c.json({ error: error.message }, 500))
    .all("*", async (c) => c.json((await handler(await contextOf(c))) as object));

describeSessionConformance("Hono (app.request)", (handler) => {
  const hono = app(handler);
  return { fetch: async (path, init) => hono.request(path, init) };
});

describeSessionConformance("Hono (@hono/node-server on 127.0.0.1)", (handler) =>
  serveNode(getRequestListener(app(handler).fetch)),
);
