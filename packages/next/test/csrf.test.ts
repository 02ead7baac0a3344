import { describeCsrfMiddleware, type TestServer } from "@sealed-session/testing";
import { afterAll } from "vitest";
import { serveNext } from "./_app";

// verifyCsrf() in an App Router route handler of the built app, through
// next/headers. One server for the file: a second Next instance in one
// process after the first closed answers this route with a 500.
let server: Promise<TestServer> | undefined;
afterAll(async () => (await server)?.close());

describeCsrfMiddleware("Next.js verifyCsrf()", async () => {
  server ??= serveNext();
  const { fetch } = await server;
  return { fetch };
});
