// The apps every request benchmark drives: each framework with this library,
// with the session library its users would pick instead, and with no session.
// Each app has GET /write (creates the session and writes the record) and
// GET /read (reads it back), and exposes `fetch(request)` (in process) or a
// Node listener (over loopback).

import { createHash } from "node:crypto";
import { createServer } from "node:http";
import secureSession from "@fastify/secure-session";
import { useSession as honoSessionMiddleware } from "@hono/session";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import {
  createRevocation,
  createSessionStore,
  redisStorage,
  useWebSession,
} from "@sealed-session/core";
import { otelTelemetry } from "@sealed-session/core/otel";
import { session as expressOurs } from "@sealed-session/express";
import { session as fastifyOurs } from "@sealed-session/fastify";
import { useSession as h3Ours } from "@sealed-session/h3";
import { session as honoOurs } from "@sealed-session/hono";
import { RedisStore } from "connect-redis";
import cookieSession from "cookie-session";
import express from "express";
import expressSession from "express-session";
import Fastify from "fastify";
import { H3, useSession as h3BuiltIn } from "h3";
import { Hono } from "hono";
import { CookieStore, sessionMiddleware } from "hono-sessions";
import Redis from "ioredis";
import { getIronSession } from "iron-session";
import { createClient } from "redis";
import { PASSWORD, record } from "./lib/record.mjs";

const payload = record.data;
const config = { password: PASSWORD, name: "session" };

function h3App(use) {
  const app = new H3();
  if (!use) return app.get("/write", () => "ok").get("/read", () => "ok");
  return app
    .get("/write", async (event) => {
      const session = await use(event);
      await session.update(payload);
      return "ok";
    })
    .get("/read", async (event) => String((await use(event)).data.user?.id));
}

/** In-process apps: `fetch(Request) => Response`. */
export const fetchApps = {
  "h3: sealed-session": () => h3App((event) => h3Ours(event, config)),
  "h3: built-in useSession": () => h3App((event) => h3BuiltIn(event, config)),
  // Every read and write recorded through the real OpenTelemetry SDK (no exporter: aggregation only).
  "h3: sealed-session + OpenTelemetry": () => {
    const meter = new MeterProvider().getMeter("bench");
    const observed = { ...config, telemetry: otelTelemetry({ meter }) };
    return h3App((event) => h3Ours(event, observed));
  },
  "h3: no sessions": () => h3App(),
  "Hono: sealed-session": () =>
    new Hono()
      .use(honoOurs(config))
      .get("/write", (c) => {
        Object.assign(c.var.session.data, payload);
        return c.text("ok");
      })
      .get("/read", (c) => c.text(String(c.var.session.data.user?.id))),
  "Hono: hono-sessions": () =>
    new Hono()
      .use(
        sessionMiddleware({
          store: new CookieStore(),
          encryptionKey: PASSWORD,
          sessionCookieName: "session",
          cookieOptions: { path: "/" },
        }),
      )
      .get("/write", (c) => {
        c.get("session").set("user", payload.user);
        c.get("session").set("str", payload.str);
        return c.text("ok");
      })
      .get("/read", (c) => c.text(String(c.get("session").get("user")?.id))),
  "Hono: @hono/session": () =>
    new Hono()
      .use(
        honoSessionMiddleware({
          secret: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        }),
      )
      .get("/write", async (c) => {
        await c.var.session.update(payload);
        return c.text("ok");
      })
      .get("/read", async (c) => c.text(String((await c.var.session.get())?.user?.id))),
  "Hono: iron-session (Request/Response)": () =>
    new Hono()
      .get("/write", async (c) => {
        const response = new Response("ok");
        const session = await getIronSession(c.req.raw, response, {
          password: PASSWORD,
          cookieName: "session",
        });
        Object.assign(session, payload);
        await session.save();
        return response;
      })
      .get("/read", async (c) => {
        const session = await getIronSession(c.req.raw, new Response(), {
          password: PASSWORD,
          cookieName: "session",
        });
        return c.text(String(session.user?.id));
      }),
  "Hono: no sessions": () =>
    new Hono().get("/write", (c) => c.text("ok")).get("/read", (c) => c.text("ok")),
  "Web binding: bare fetch handler": () => ({
    async fetch(request) {
      const session = await useWebSession(request, config);
      if (new URL(request.url).pathname === "/write") {
        await session.update(payload);
        return session.applyTo(new Response("ok"));
      }
      return session.applyTo(new Response(String(session.data.user?.id)));
    },
  }),
};

function expressApp(middleware, read) {
  const app = express();
  if (middleware) app.use(middleware);
  app.get("/write", (req, res) => {
    if (middleware) read(req, true);
    res.send("ok");
  });
  app.get("/read", (req, res) => res.send(middleware ? String(read(req)?.user?.id) : "ok"));
  return app;
}

/** Loopback apps: a Node request listener each. */
export const nodeApps = {
  "Express: sealed-session": () => expressApp(expressOurs(config), ourData),
  "Express: cookie-session": () =>
    expressApp(cookieSession({ name: "session", keys: [PASSWORD] }), (req, write) =>
      write ? Object.assign(req.session, payload) : req.session,
    ),
  "Express: express-session (MemoryStore)": () =>
    expressApp(
      expressSession({
        name: "session",
        secret: PASSWORD,
        resave: false,
        saveUninitialized: false,
      }),
      (req, write) => (write ? Object.assign(req.session, payload) : req.session),
    ),
  "Express: no sessions": () => expressApp(),
  "h3 (node:http): sealed-session": async () => toNode(fetchApps["h3: sealed-session"]()),
  "h3 (node:http): built-in useSession": async () => toNode(fetchApps["h3: built-in useSession"]()),
  "h3 (node:http): no sessions": async () => toNode(fetchApps["h3: no sessions"]()),
  "h3 (node:http): sealed-session, onlyOwnSalts": async () =>
    toNode(h3App((event) => h3Ours(event, { ...config, seal: { onlyOwnSalts: true } }))),
};

// Fastify's request listener, taken from its serverFactory: serve.mjs makes the server.
async function fastifyApp(register, read, write) {
  let listener;
  const app = Fastify({
    serverFactory(handler) {
      listener = handler;
      return createServer(handler);
    },
  });
  if (register) await register(app);
  // /write changes the session on every request (a counter), so each one reseals.
  app.get("/write", (request) => {
    if (write) write(request);
    return "ok";
  });
  app.get("/read", (request) => (read ? String(read(request)?.user?.id) : "ok"));
  await app.ready();
  return listener;
}

/** Fastify apps (part 7): this library, @fastify/secure-session (libsodium secretbox), none. */
export const fastifyApps = {
  "Fastify: sealed-session": () =>
    fastifyApp(
      (app) => app.register(fastifyOurs, config),
      (request) => request.session.data,
      (request) => {
        const data = Object.assign(request.session.data, payload);
        data.writes = (data.writes ?? 0) + 1;
      },
    ),
  // The same app writing the AEAD format (experimental): is the write gap the seal's?
  "Fastify: sealed-session, Fe26.3": () =>
    fastifyApp(
      (app) => app.register(fastifyOurs, { ...config, seal: { format: "Fe26.3" } }),
      (request) => request.session.data,
      (request) => {
        const data = Object.assign(request.session.data, payload);
        data.writes = (data.writes ?? 0) + 1;
      },
    ),
  "Fastify: @fastify/secure-session": () =>
    fastifyApp(
      // Its fastest set-up: a 32-byte key, no Argon2 derivation from a secret.
      (app) =>
        app.register(secureSession, {
          key: createHash("sha256").update(PASSWORD).digest(),
          cookieName: "session",
          cookie: { path: "/" },
        }),
      (request) => ({ user: request.session.get("user") }),
      (request) => {
        request.session.set("user", payload.user);
        request.session.set("str", payload.str);
        request.session.set("writes", (request.session.get("writes") ?? 0) + 1);
      },
    ),
  "Fastify: no sessions": () => fastifyApp(),
};

/** Apps that keep something in the Redis at REDIS_URL (part 5). */
export const redisApps = {
  "Express: sealed-session + revocation (Redis)": () =>
    expressApp(
      expressOurs({ ...config, revocation: createRevocation({ storage: sharedRedis() }), userKey }),
      ourData,
    ),
  "Express: sealed-session, store mode (Redis)": () =>
    expressApp(
      expressOurs({ ...config, store: createSessionStore({ storage: sharedRedis() }), userKey }),
      ourData,
    ),
  "Express: express-session + connect-redis": async () => {
    const client = createClient({ url: process.env.REDIS_URL });
    await client.connect();
    return expressApp(
      expressSession({
        name: "session",
        secret: PASSWORD,
        resave: false,
        saveUninitialized: false,
        store: new RedisStore({ client }),
      }),
      (req, write) => (write ? Object.assign(req.session, payload) : req.session),
    );
  },
};

const userKey = (data) => (data.user ? String(data.user.id) : undefined);
const ourData = (req, write) =>
  write ? Object.assign(req.session.data, payload) : req.session.data;
// The store and revocation list on Redis with their atomic write (redisStorage), as a fleet runs them.
const sharedRedis = () => redisStorage(new Redis(process.env.REDIS_URL));

async function toNode(app) {
  const { toNodeHandler } = await import("h3");
  return toNodeHandler(app);
}
