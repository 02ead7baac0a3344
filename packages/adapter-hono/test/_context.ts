import type { ConformanceContext } from "@sealed-session/testing";
import type { Context } from "hono";
import { clearSession, getSession, sealSession, unsealSession, updateSession, useSession } from "../src/index";

/** The suite's context for one Hono request: the adapter's functions bound to it. */
export async function contextOf(c: Context): Promise<ConformanceContext> {
  return {
    method: c.req.method,
    url: new URL(c.req.url),
    body: c.req.method === "POST" ? await c.req.json() : undefined,
    useSession: (config) => useSession(c, config),
    getSession: (config) => getSession(c, config),
    updateSession: (config, update) => updateSession(c, config, update),
    clearSession: (config) => clearSession(c, config),
    sealSession: (config) => sealSession(c, config),
    unsealSession: (config, sealed) => unsealSession(c, config, sealed),
  };
}
