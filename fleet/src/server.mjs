// One server of the fleet: `node server.mjs <h3|hono|express|web> <revocation|store>`,
// REDIS_URL, REDIS_BASE, CACHE_MS and CLOCK_SKEW_MS from the environment.
// Every server shares one Redis through redisStorage (its atomic
// compare-and-set) under the key prefix REDIS_BASE, on an ioredis client with
// its default options (a command waits in its queue while Redis is away: only
// the store's timeout bounds a request); it listens on 127.0.0.1 at a free
// port, prints it, and stops with its parent (or after 10 minutes).
import { createServer } from "node:http";
import {
  createRevocation,
  createSessionStore,
  isSealedSessionError,
  redisStorage,
} from "@sealed-session/core";
import Redis from "ioredis";

const [framework, mode] = process.argv.slice(2);
export const PASSWORD = "fleet-password-that-is-at-least-32-characters";

// A server whose clock is off by CLOCK_SKEW_MS milliseconds (as NTP-less hosts are).
const skew = Number(process.env.CLOCK_SKEW_MS ?? 0);
if (skew !== 0) {
  const realNow = Date.now;
  Date.now = () => realNow() + skew;
}

const redis = new Redis(process.env.REDIS_URL);
// Failures reach the sessions' onError; ioredis need not print them too.
redis.on("error", () => {});
const storage = redisStorage(redis, { base: process.env.REDIS_BASE ?? "fleet" });
const revocation =
  mode === "revocation"
    ? createRevocation({ storage, cacheMs: Number(process.env.CACHE_MS ?? 1000) })
    : undefined;
const store = mode === "store" ? createSessionStore({ storage }) : undefined;
const errors = [];
const config = {
  password: PASSWORD,
  name: "fleet",
  maxAge: 60 * 60,
  revocation,
  store,
  userKey: (data) => data.user,
  onError: (error) => errors.push(error.code),
};

/** The app, whatever the framework: a route, and the session of the request. */
async function route(method, url, open) {
  const path = url.pathname;
  if (path === "/errors") return [200, errors.splice(0)];
  const session = await open();
  if (method === "POST" && path === "/sign-in") {
    await session.regenerate();
    await session.update({ user: url.searchParams.get("user"), n: 0 });
    return [200, { id: session.id }];
  }
  if (method === "GET" && path === "/me")
    return [200, { id: session.id, user: session.data.user ?? null, n: session.data.n ?? 0 }];
  if (method === "POST" && path === "/incr") {
    try {
      await session.update((data) => ({ n: (data.n ?? 0) + 1 }));
    } catch (error) {
      if (isSealedSessionError(error) && error.code === "ERR_SESSION_CONFLICT")
        return [409, { code: error.code }];
      throw error;
    }
    return [200, { n: session.data.n }];
  }
  if (method === "POST" && path === "/regenerate") {
    await session.regenerate();
    return [200, { id: session.id }];
  }
  if (method === "POST" && path === "/revoke-all") {
    await revocation.revokeAll(session.data.user);
    return [200, { revoked: session.data.user }];
  }
  if (method === "POST" && path === "/sign-out") {
    await session.clear();
    return [200, {}];
  }
  if (method === "GET" && path === "/devices") return [200, await store.list(session.data.user)];
  return [404, { path }];
}

async function listener() {
  if (framework === "web") {
    const { getRequestListener } = await import("@hono/node-server");
    const { useWebSession } = await import("@sealed-session/core");
    return getRequestListener(async (request) => {
      let session;
      const [status, body] = await route(
        request.method,
        new URL(request.url),
        async () => (session = await useWebSession(request, config)),
      );
      const response = Response.json(body, { status });
      return session ? session.applyTo(response) : response;
    });
  }
  if (framework === "h3") {
    const { H3, toNodeHandler } = await import("h3");
    const { useSession } = await import("@sealed-session/h3");
    const app = new H3().all("/**", async (event) => {
      const [status, body] = await route(event.req.method, new URL(event.req.url), () =>
        useSession(event, config),
      );
      return new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json" },
      });
    });
    return toNodeHandler(app);
  }
  if (framework === "hono") {
    const { Hono } = await import("hono");
    const { getRequestListener } = await import("@hono/node-server");
    const { useSession } = await import("@sealed-session/hono");
    const app = new Hono().all("*", async (c) => {
      const [status, body] = await route(c.req.method, new URL(c.req.url), () =>
        useSession(c, config),
      );
      return c.json(body, status);
    });
    return getRequestListener(app.fetch);
  }
  const { default: express } = await import("express");
  const { useSession } = await import("@sealed-session/express");
  const app = express();
  app.all("/{*path}", async (req, res, next) => {
    try {
      const [status, body] = await route(req.method, new URL(req.url, "http://fleet"), () =>
        useSession(req, res, config),
      );
      res.status(status).json(body);
    } catch (error) {
      next(error);
    }
  });
  return app;
}

const server = createServer(await listener());
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
setTimeout(() => process.exit(0), 10 * 60_000).unref();
process.on("disconnect", () => process.exit(0));
