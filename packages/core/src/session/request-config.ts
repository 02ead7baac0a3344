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
  const c = resolveSessionConfig(config, exchange.defaultName, exchange.defaults);
  return c.local && isDevelopmentHost(exchange.getRequestHeader("host")) ? c.local : c;
}
