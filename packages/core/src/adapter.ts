// `@sealed-session/core/adapter`: what a framework adapter needs — the port
// (`SessionExchange`), the helpers that bind Nitro's functions and a
// middleware's manager to it, and the Web and Node bindings to build on.
export {
  applyExchange,
  commitBeforeHeaders,
  type DeferrableResponse,
  type NodeRequestLike,
  type NodeResponseLike,
  nodeExchange,
  WebExchange,
  webExchange,
} from "./bindings/index";
export { stageOnHeaders } from "./cookie/index";
export {
  bindSessionFunctions,
  commitIfChanged,
  DEFAULT_NAME,
  openSession,
  type ResolvedSessionConfig,
  resolveSessionConfig,
  type SessionExchange,
  type SessionFunctions,
  type StagedSession,
} from "./session/index";
