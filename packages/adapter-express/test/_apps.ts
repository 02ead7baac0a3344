import type { IncomingMessage, ServerResponse } from "node:http";
import type { ConformanceContext } from "@sealed-session/testing";
import { serveNode, type TestServer } from "@sealed-session/testing";
import express5 from "express";
import express4 from "express-v4";
import { clearSession, getSession, sealSession, unsealSession, updateSession, useSession } from "../src/index";

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
  return {
    method: req.method,
    url: new URL(req.originalUrl, "http://localhost"),
    body: req.method === "POST" ? req.body : undefined,
    useSession: (config) => useSession(req, res, config),
    getSession: (config) => getSession(req, res, config),
    updateSession: (config, update) => updateSession(req, res, config, update),
    clearSession: (config) => clearSession(req, res, config),
    sealSession: (config) => sealSession(req, res, config),
    unsealSession: (config, sealed) => unsealSession(req, res, config, sealed),
  };
}

/** Starts an Express app on 127.0.0.1. */
export function start(app: ReturnType<typeof express5>): Promise<TestServer> {
  return serveNode(app as unknown as Parameters<typeof serveNode>[0]);
}
