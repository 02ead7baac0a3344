/**
 * @module `@sealed-session/core/adapter`: what a framework adapter needs — the
 * port (`SessionExchange`), Nitro's session functions on it, the helpers that
 * bind them and a middleware's manager to a framework's request, and the Web
 * and Node bindings to build on.
 */
export {
  applyExchange,
  commitBeforeHeaders,
  csrfFieldOf,
  csrfRefusal,
  type DeferrableResponse,
  isUnsafeMethod,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeExchange,
  requestHeader,
  WebExchange,
  webExchange,
} from "./bindings/index";
export { restageByName, stageOnHeaders } from "./cookie/index";
export {
  bindSessionFunctions,
  clearSession,
  commitIfChanged,
  DEFAULT_NAME,
  getSession,
  openSession,
  openSessionNow,
  type ResolvedSessionConfig,
  resolveSessionConfig,
  SECURE_DEFAULTS,
  type SessionExchange,
  type SessionFunctions,
  type StagedCookie,
  type StagedSession,
  sealSession,
  settleSessions,
  unsealSession,
  updateSession,
  useSession,
} from "./session/index";
export { Slot } from "./session/slot";
