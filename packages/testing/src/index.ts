// `@sealed-session/testing`: the conformance suite every adapter runs through
// its real framework, a cookie jar, servers on 127.0.0.1 and a real Redis for tests.
export {
  type ConformanceApp,
  type ConformanceAppFactory,
  type ConformanceOptions,
  describeSessionConformance,
} from "./conformance";
export {
  type AdapterFunctions,
  type ConformanceContext,
  type ConformanceHandler,
  conformanceContext,
} from "./context";
export { type CsrfApp, type CsrfAppPaths, describeCsrfMiddleware } from "./csrf";
export { CookieJar } from "./jar";
export { type RedisServer, startRedis } from "./redis";
export { describeRenderedSession, type RenderedSessionOptions } from "./rendered";
export {
  CONFORMANCE_HANDLER,
  type FetchHandler,
  freePort,
  postWithHost,
  serve,
  serveBuild,
  serveFetch,
  serveFetchBuild,
  serveNode,
  type TestServer,
  withAssets,
} from "./server";
