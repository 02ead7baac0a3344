import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type ConformanceContext,
  conformanceContext,
  serveNode,
  type TestServer,
} from "@sealed-session/testing";
import express5 from "express";
import express4 from "express-v4";
import * as adapter from "../src/index";

/** Express 5 and Express 4, for suites that run on both. */
export const expressVersions: Array<[string, typeof express5]> = [
  ["Express 5", express5],
  ["Express 4", express4 as unknown as typeof express5],
];

/** The suite's context for one Express request: the adapter's functions bound to it. */
export function contextOf(
  req: IncomingMessage & { body?: unknown; method: string; originalUrl: string },
  res: ServerResponse,
): ConformanceContext {
  const request = {
    method: req.method,
    url: new URL(req.originalUrl, "http://localhost"),
    body: req.method === "POST" ? req.body : undefined,
  };
  return conformanceContext(request, adapter, req, res);
}

/** Starts an Express app on 127.0.0.1. */
export function start(app: ReturnType<typeof express5>): Promise<TestServer> {
  return serveNode(app as unknown as Parameters<typeof serveNode>[0]);
}
