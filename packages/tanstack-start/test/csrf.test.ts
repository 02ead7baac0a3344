import { describeCsrfMiddleware, type TestServer } from "@sealed-session/testing";
import { afterAll } from "vitest";
import { serveStart } from "./_app";

// verifyCsrf() in a server route of the built TanStack Start app.
let server: Promise<TestServer> | undefined;
afterAll(async () => (await server)?.close());

describeCsrfMiddleware(
  "TanStack Start verifyCsrf()",
  async () => {
    server ??= serveStart();
    const { fetch } = await server;
    return { fetch };
  },
  { form: "/api/csrf-form", save: "/api/csrf-save" },
);
