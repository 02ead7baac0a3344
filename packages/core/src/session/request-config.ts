/**
 * @module Which resolved config a request gets: the config over its
 * adapter's defaults, and with `cookiePrefix` (`__Host-<name>`), its
 * plain-name variant on a development host outside production.
 */
import type { ResolvedSessionConfig, SessionConfig } from "./config";
import { isDevelopmentHost } from "./names";
import type { SessionExchange } from "./port";
import { resolveSessionConfig } from "./resolve";

/**
 * The resolved config for one request: `config` over its adapter's
 * defaults, and — with `cookiePrefix`, outside production — its plain-name
 * variant when the request's host is a development one.
 */
export function resolveFor(
  exchange: SessionExchange,
  config: SessionConfig,
): ResolvedSessionConfig {
  const c = resolveSessionConfig(withDefaults(config, exchange.defaults), exchange.defaultName);
  return c.local && isDevelopmentHost(exchange.getRequestHeader("host")) ? c.local : c;
}

// `config` over an adapter's defaults, one object per pair (so it resolves once).
const merged = new WeakMap<object, WeakMap<object, SessionConfig>>();

/** `config` with an adapter's `defaults` under it (the same object for the same pair). */
export function withDefaults(
  config: SessionConfig,
  defaults: Readonly<Partial<SessionConfig>> | undefined,
): SessionConfig {
  if (!defaults || config === null || typeof config !== "object") return config;
  let byDefaults = merged.get(config);
  let result = byDefaults?.get(defaults);
  if (!result) {
    result = { ...defaults, ...config } as SessionConfig;
    if (!byDefaults) merged.set(config, (byDefaults = new WeakMap()));
    byDefaults.set(defaults, result);
  }
  return result;
}
