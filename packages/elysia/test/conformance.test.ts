import { createRequire } from "node:module";
import {
  conformanceContext,
  describeCsrfMiddleware,
  describeSessionConformance,
  serveFetch,
} from "@sealed-session/testing";
import { Elysia } from "elysia";
import * as adapter from "../src/index";

const { version } = createRequire(import.meta.url)("elysia/package.json") as { version: string };

// Elysia's fetch handler (app.handle) on node:http; test/bun.test.ts serves it on real Bun.
describeSessionConformance(
  `Elysia ${version} (app.handle on node:http, 127.0.0.1)`,
  (handler) => {
    const run = async (context: adapter.SessionContext & { body: unknown }) => {
      const { request } = context;
      const url = new URL(request.url);
      return handler(
        conformanceContext(
          {
            method: request.method,
            url,
            body: request.method === "POST" ? context.body : undefined,
          },
          adapter,
          context,
        ),
      );
    };
    const app = new Elysia()
      .onError(({ error }) => Response.json({ error: (error as Error).message }, { status: 500 }))
      .get("/*", (context) => run(context as never))
      .post("/*", (context) => run(context as never));
    return serveFetch((request) => app.handle(request));
  },
  { bound: true },
);

describeCsrfMiddleware(`Elysia ${version} csrf()`, async () => {
  const app = new Elysia()
    .use(adapter.session({ password: "elysia-csrf-test-password-0123456789abcd" }))
    .use(adapter.csrf())
    .get("/csrf/form", async ({ session }) => ({ token: await session.csrfToken() }))
    .post("/csrf/save", ({ body }) => ({ saved: (body as { note?: string }).note }));
  return serveFetch((request) => app.handle(request));
});
