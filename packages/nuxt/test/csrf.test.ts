import { describeCsrfMiddleware, type TestServer } from "@sealed-session/testing";
import { afterAll } from "vitest";
import { serveNuxt } from "./_app";

// verifyAppCsrf() (auto-imported) in a server route of the built Nuxt app.
let server: Promise<TestServer> | undefined;
afterAll(async () => (await server)?.close());

describeCsrfMiddleware(
  "Nuxt verifyAppCsrf()",
  async () => {
    server ??= serveNuxt();
    const { fetch } = await server;
    return { fetch };
  },
  { form: "/api/csrf-form", save: "/api/csrf-save" },
);
