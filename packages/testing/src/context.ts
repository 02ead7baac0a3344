// The context of one conformance request, and the one wrapper every app's
// conformance route builds it with. No vitest here: built apps import this
// entry (`@sealed-session/testing/context`) into their server bundles.
import type { Session, SessionConfig, SessionManager, SessionUpdate } from "@sealed-session/core";

/** What an adapter gives the suite for one request: the request, and the core's functions bound to it. */
export interface ConformanceContext {
  readonly method: string;
  readonly url: URL;
  /** The parsed JSON body of a POST, or `undefined`. */
  readonly body: unknown;
  useSession(config: SessionConfig): Promise<SessionManager>;
  getSession(config: SessionConfig): Promise<Session>;
  updateSession(config: SessionConfig, update?: SessionUpdate): Promise<Session>;
  clearSession(config: SessionConfig): Promise<void>;
  sealSession(config: SessionConfig): Promise<string>;
  unsealSession(config: SessionConfig, sealed: string): Promise<Session>;
}

/** An adapter's six session functions, each taking the framework's request arguments before the config (what `bindSessionFunctions` makes). */
export interface AdapterFunctions {
  // biome-ignore lint/suspicious/noExplicitAny: each adapter's request arguments differ (an event, a context, req and res).
  useSession(...args: any[]): Promise<SessionManager>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  getSession(...args: any[]): Promise<Session>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  updateSession(...args: any[]): Promise<Session>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  clearSession(...args: any[]): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  sealSession(...args: any[]): Promise<string>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  unsealSession(...args: any[]): Promise<Session>;
}

/**
 * The suite's context for one request: `request` (method, URL, parsed body)
 * and the adapter's functions with the request arguments `args` put before
 * each call's own. Every app's conformance route builds its context with it.
 *
 * @example
 * ```ts
 * import * as h3 from "@sealed-session/h3";
 * return handler(conformanceContext({ method, url, body }, h3, event));
 * ```
 */
export function conformanceContext(
  request: { readonly method: string; readonly url: URL; readonly body: unknown },
  functions: AdapterFunctions,
  ...args: readonly unknown[]
): ConformanceContext {
  return {
    method: request.method,
    url: request.url,
    body: request.body,
    useSession: (config) => functions.useSession(...args, config),
    getSession: (config) => functions.getSession(...args, config),
    updateSession: (config, update) => functions.updateSession(...args, config, update),
    clearSession: (config) => functions.clearSession(...args, config),
    sealSession: (config) => functions.sealSession(...args, config),
    unsealSession: (config, sealed) => functions.unsealSession(...args, config, sealed),
  };
}

/** The suite's request handler: the adapter's app calls it for every request and sends its result as JSON; a throw must become an error response. */
export type ConformanceHandler = (context: ConformanceContext) => Promise<unknown>;
