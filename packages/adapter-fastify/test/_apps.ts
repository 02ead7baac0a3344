import {
  type ConformanceContext,
  conformanceContext,
  serve,
  type TestServer,
} from "@sealed-session/testing";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as adapter from "../src/index";

/** The suite's context for one Fastify request: the adapter's functions bound to it. */
export function contextOf(request: FastifyRequest, reply: FastifyReply): ConformanceContext {
  const context = {
    method: request.method,
    url: new URL(request.url, "http://localhost"),
    body: request.method === "POST" ? request.body : undefined,
  };
  return conformanceContext(context, adapter, request, reply);
}

/** Starts a Fastify app on 127.0.0.1 (its own `node:http` server), closed with the app. */
export async function start(app: FastifyInstance): Promise<TestServer> {
  await app.ready();
  const server = await serve(app.server);
  return { ...server, close: () => app.close() };
}
