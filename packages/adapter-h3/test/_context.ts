import type { ConformanceContext } from "@sealed-session/testing";
import { clearSession, getSession, type H3Event, sealSession, unsealSession, updateSession, useSession } from "../src/index";

/** The suite's context for one h3 event: the adapter's functions bound to it. */
export function contextOf(event: H3Event, method: string, url: URL, body: unknown): ConformanceContext {
  return {
    method,
    url,
    body,
    useSession: (config) => useSession(event, config),
    getSession: (config) => getSession(event, config),
    updateSession: (config, update) => updateSession(event, config, update),
    clearSession: (config) => clearSession(event, config),
    sealSession: (config) => sealSession(event, config),
    unsealSession: (config, sealed) => unsealSession(event, config, sealed),
  };
}
