import { type ConformanceContext, conformanceContext } from "@sealed-session/testing";
import type { Context } from "hono";
import * as hono from "../src/index";

/** The suite's context for one Hono request: the adapter's functions bound to it. */
export async function contextOf(c: Context): Promise<ConformanceContext> {
  const body = c.req.method === "POST" ? await c.req.json() : undefined;
  return conformanceContext({ method: c.req.method, url: new URL(c.req.url), body }, hono, c);
}
