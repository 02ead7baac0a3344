/**
 * @module Layer 4 — bindings: the exchange built from a platform's own objects. Web
 * `Request`/`Response` (any `fetch` handler, edge runtimes) and Node's
 * `IncomingMessage`/`ServerResponse` (structurally, importing nothing of Node).
 */
export { csrfFieldOf, csrfRefusal, isUnsafeMethod, verifyRequestCsrf } from "./csrf";
export { commitBeforeHeaders, type DeferrableResponse } from "./hold";
export { type NodeRequestLike, type NodeResponseLike, nodeExchange } from "./node";
export {
  applyExchange,
  requestHeader,
  useWebSession,
  WebExchange,
  type WebSessionManager,
  webExchange,
} from "./web";
