// One app on every binding — h3, Hono, Express and a bare fetch handler on
// the Web binding — each on its own node:http server on 127.0.0.1, with the
// same routes and one config. What a client sees is all the suite judges.
import { getRequestListener } from "@hono/node-server";
import {
  isSealedSessionError,
  type SessionConfig,
  type SessionManager,
  useWebSession,
} from "@sealed-session/core";
import { useSession as useExpressSession } from "@sealed-session/express";
import { useSession as useH3Session } from "@sealed-session/h3";
import { useSession as useHonoSession } from "@sealed-session/hono";
import { serve, serveNode, type TestServer } from "@sealed-session/testing";
import express from "express";
import { H3, toNodeHandler } from "h3";
import { Hono } from "hono";

export const FRAMEWORKS = ["h3", "hono", "express", "web"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** A running app: its server, and the codes its `onError` saw. */
export interface App {
  readonly framework: Framework;
  readonly server: TestServer;
}

/** Values JSON cannot hold, by name: `/bad?kind=<name>` writes one. */
export function unserializable(kind: string): Record<string, unknown> {
  switch (kind) {
    case "bigint":
      return { n: 10n };
    case "cycle": {
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      return cycle;
    }
    case "deep": {
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 100_000; i++) deep = { deep };
      return deep;
    }
    case "throwing-toJSON":
      return {
        value: {
          toJSON() {
            throw new Error("no");
          },
        },
      };
    default:
      return { nested: { big: 1n } };
  }
}
export const UNSERIALIZABLE = [
  "bigint",
  "cycle",
  "deep",
  "throwing-toJSON",
  "nested-bigint",
] as const;

// The routes, whatever the framework: [status, body].
async function route(
  method: string,
  url: URL,
  body: unknown,
  open: () => Promise<SessionManager>,
): Promise<[number, unknown]> {
  const session = await open();
  switch (`${method} ${url.pathname}`) {
    case "GET /":
      return [200, { id: session.id, data: session.data }];
    case "POST /write":
      await session.update(body as Record<string, unknown>);
      return [200, { id: session.id, data: session.data }];
    case "POST /clear":
      await session.clear();
      return [200, {}];
    case "POST /bad": {
      // `update()` or a mutation then `commit()`: either must refuse with a typed error and stage nothing.
      const bad = unserializable(url.searchParams.get("kind") ?? "");
      try {
        if (url.searchParams.get("via") === "commit") {
          Object.assign(session.data, bad);
          await session.commit();
        } else {
          await session.update(bad);
        }
      } catch (error) {
        if (isSealedSessionError(error)) {
          // Put the data back as it was, so the response's own commit has nothing to write either.
          for (const key of Object.keys(bad)) delete session.data[key];
          return [422, { code: error.code }];
        }
        throw error;
      }
      return [200, { written: true }];
    }
    default:
      return [404, {}];
  }
}

async function readBody(request: Request): Promise<unknown> {
  return request.method === "POST" && request.headers.get("content-type") === "application/json"
    ? request.json()
    : undefined;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** Starts `framework`'s app with `config` on 127.0.0.1. */
export async function startApp(framework: Framework, config: SessionConfig): Promise<App> {
  if (framework === "web") {
    const server = await serveNode(
      getRequestListener(async (request) => {
        let session: Awaited<ReturnType<typeof useWebSession>> | undefined;
        const [status, body] = await route(
          request.method,
          new URL(request.url),
          await readBody(request),
          async () => {
            session = await useWebSession(request, config);
            return session;
          },
        );
        const response = json(status, body);
        return session ? session.applyTo(response) : response;
      }),
    );
    return { framework, server };
  }
  if (framework === "h3") {
    const app = new H3().all("/**", async (event) => {
      const [status, body] = await route(
        event.req.method,
        new URL(event.req.url),
        await readBody(event.req),
        () => useH3Session(event, config),
      );
      return json(status, body);
    });
    return { framework, server: await serveNode(toNodeHandler(app)) };
  }
  if (framework === "hono") {
    const app = new Hono().all("*", async (c) => {
      const [status, body] = await route(
        c.req.method,
        new URL(c.req.url),
        await readBody(c.req.raw),
        () => useHonoSession(c, config),
      );
      // c.json(): a bare new Response from a lone handler skips Hono's context, and the cookies staged on it.
      return c.json(body, status as 200);
    });
    return { framework, server: await serveNode(getRequestListener(app.fetch)) };
  }
  const app = express();
  app.use(express.json());
  app.all("/{*path}", async (req, res, next) => {
    try {
      const [status, body] = await route(
        req.method,
        new URL(req.url, "http://127.0.0.1"),
        req.body,
        () => useExpressSession(req, res, config),
      );
      res.status(status).json(body);
    } catch (error) {
      next(error);
    }
  });
  const { createServer } = await import("node:http");
  return { framework, server: await serve(createServer(app)) };
}
