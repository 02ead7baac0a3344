// Serves the React Router app test/setup.ts built, through React Router's own
// request handler (createRequestHandler, as @react-router/node and every host
// adapter call it), with its client files, on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import {
  CONFORMANCE_HANDLER,
  type ConformanceHandler,
  serveFetch,
  type TestServer,
  withAssets,
} from "@sealed-session/testing";
import { createRequestHandler, type ServerBuild } from "react-router";

export const PASSWORD = "Kp4Wd8Mx2Qz7Rv5Tn9Bc3Hy6Lf1Gs0Ja-rr-test";
export const COOKIE_SECRET = "the-secret-createCookie-signed-with";
const entry = fileURLToPath(new URL("./app/build/server/index.js", import.meta.url));
const assets = fileURLToPath(new URL("./app/build/client/", import.meta.url));

/** Serves the app; `handler` answers its /c/* resource route (the conformance suite's routes). */
export async function serveApp(handler?: ConformanceHandler): Promise<TestServer> {
  Object.assign(process.env, { RR_SESSION_PASSWORD: PASSWORD, RR_COOKIE_SECRET: COOKIE_SECRET });
  (globalThis as Record<string, unknown>)[CONFORMANCE_HANDLER] = handler;
  const build = (await import(entry)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  // The client build beside it, as a host serves it: the browser test hydrates.
  return serveFetch(withAssets(assets, (request) => handle(request)));
}
