import { Readable } from "node:stream";
import fastifyCookie from "@fastify/cookie";
import fastifyFormbody from "@fastify/formbody";
import { PasswordMissingError, type SessionManager, useWebSession } from "@sealed-session/core";
import { CookieJar, describeCsrfMiddleware, type TestServer } from "@sealed-session/testing";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { csrf, type RequestWithSession, session } from "../src/index";
import { start } from "./_apps";

declare module "../src/index" {
  interface AppSessionData {
    user?: string;
    visits?: number;
    note?: string;
    big?: string;
  }
}

const password = "fastify-adapter-test-password-0123456789";

describe("the session plugin", () => {
  let server: TestServer;
  const errors: string[] = [];

  beforeAll(async () => {
    const app = Fastify();
    await app.register(fastifyCookie);
    await app.register(session, { password, onError: (error) => errors.push(error.code) });
    // Lazy: a new visitor gets no admin cookie until a route writes to it.
    await app.register(session, { password, name: "admin", contextKey: "admin", lazy: true });
    const touch = (request: { session: SessionManager<{ visits?: number }> }) => {
      request.session.data.visits = (request.session.data.visits ?? 0) + 1;
    };
    app.get("/returned", async (request) => {
      touch(request);
      return request.session.data;
    });
    app.get("/sent", (request, reply) => {
      touch(request);
      reply.send("sent");
    });
    app.get("/stream", (request, reply) => {
      touch(request);
      reply.type("text/plain").send(Readable.from(["part 1, ", "part 2"]));
    });
    app.get("/empty", (request, reply) => {
      touch(request);
      reply.code(204).send();
    });
    app.get("/read", (request) => ({ id: request.session.id, data: request.session.data }));
    app.post("/login", async (request, reply) => {
      request.session.data.user = "ada";
      await request.session.regenerate();
      return reply.redirect("/home");
    });
    app.post("/logout", async (request) => {
      await request.session.clear();
      return { ok: true };
    });
    app.get("/throw", (request) => {
      touch(request);
      throw new Error("thrown");
    });
    app.get("/async-throw", async (request) => {
      touch(request);
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw Object.assign(new Error("teapot"), { statusCode: 418 });
    });
    app.post(
      "/validated",
      { schema: { body: { type: "object", required: ["name"] } } },
      async (request) => request.body,
    );
    app.get("/unsealable", (request) => {
      touch(request);
      (request.session.data as Record<string, unknown>).bad = 10n;
      return { ok: true };
    });
    app.get("/big", (request) => {
      request.session.data.big = "x".repeat(9000);
      return { ok: true };
    });
    app.get("/small", (request) => {
      delete request.session.data.big;
      return { ok: true };
    });
    app.get("/with-other-cookie", (request, reply) => {
      touch(request);
      reply.setCookie("theme", "dark", { path: "/" });
      return { ok: true };
    });
    app.get("/admin/grant", (request) => {
      const admin = (request as unknown as RequestWithSession<{ role?: string }, "admin">).admin;
      admin.data.role = "owner";
      return { role: admin.data.role };
    });
    app.setNotFoundHandler((request, reply) => {
      touch(request);
      reply.code(404).send({ missing: request.url });
    });
    server = await start(app);
  });
  afterAll(() => server.close());

  const send = async (path: string, jar: CookieJar, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.header()) headers.set("cookie", jar.header());
    const response = await server.fetch(path, { ...init, headers });
    jar.take(response);
    return response;
  };
  const read = async (jar: CookieJar) =>
    (await (await send("/read", jar)).json()) as { id: string; data: Record<string, unknown> };
  const names = (response: Response) =>
    response.headers.getSetCookie().map((c) => c.slice(0, c.indexOf("=")));

  it.each(["/returned", "/sent", "/stream", "/empty"])("commits a change on %s", async (path) => {
    const jar = new CookieJar();
    const response = await send(path, jar);
    expect(response.status).toBeLessThan(300);
    expect(names(response)).toEqual(["session"]);
    await send(path, jar);
    expect((await read(jar)).data.visits).toBe(2);
  });

  it("streams the body after the cookie", async () => {
    const response = await send("/stream", new CookieJar());
    expect(await response.text()).toBe("part 1, part 2");
  });

  it("writes nothing when nothing changed", async () => {
    const jar = new CookieJar();
    const first = await send("/read", jar);
    expect(names(first)).toEqual(["session"]);
    const again = await send("/read", jar);
    expect(names(again)).toEqual([]);
  });

  it.each([
    ["a throw", "/throw", 500],
    ["an async throw with a status", "/async-throw", 418],
    ["the not-found handler", "/nowhere", 404],
  ])("keeps the session cookie on an error reply: %s", async (_, path, status) => {
    const jar = new CookieJar();
    const response = await send(path, jar);
    expect(response.status).toBe(status);
    expect(names(response)).toEqual(["session"]);
    expect((await read(jar)).data.visits).toBe(1);
  });

  it("keeps the cookie on a validation error's 400", async () => {
    const jar = new CookieJar();
    const response = await send("/validated", jar, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(names(response)).toEqual(["session"]);
  });

  it("answers a commit that cannot seal through the error handler: a 500, no cookie, the session as it was", async () => {
    const jar = new CookieJar();
    await send("/returned", jar);
    const response = await send("/unsealable", jar);
    expect(response.status).toBe(500);
    expect(((await response.json()) as { message: string }).message).toMatch(/BigInt|serializ/i);
    expect(names(response)).toEqual([]);
    expect((await read(jar)).data.visits).toBe(1);
  });

  it("redirects after a login with a new id and the cookie, and a logout clears it", async () => {
    const jar = new CookieJar();
    const before = (await read(jar)).id;
    const login = await send("/login", jar, { method: "POST" });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/home");
    const after = await read(jar);
    expect(after.id).not.toBe(before);
    expect(after.data.user).toBe("ada");
    const logout = await send("/logout", jar, { method: "POST" });
    expect(logout.headers.getSetCookie()[0]).toMatch(/^session=; Max-Age=0/);
    expect((await read(jar)).data.user).toBeUndefined();
  });

  it("writes chunks as one array of Set-Cookie values, and expires them when the session shrinks", async () => {
    const jar = new CookieJar();
    const big = await send("/big", jar);
    // 9000 characters seal to about 12 KB: four chunks of under 4 KB behind the main cookie.
    expect(names(big)).toEqual(["session", "session.1", "session.2", "session.3", "session.4"]);
    expect((await read(jar)).data.big).toHaveLength(9000);
    const small = await send("/small", jar);
    expect(small.headers.getSetCookie().filter((c) => /^session\.\d=;/.test(c))).toHaveLength(4);
    expect((await read(jar)).data.big).toBeUndefined();
  });

  it("sits beside @fastify/cookie's reply.setCookie", async () => {
    const response = await send("/with-other-cookie", new CookieJar());
    expect(names(response).sort()).toEqual(["session", "theme"]);
  });

  it("keeps a second session under its own contextKey and name", async () => {
    const jar = new CookieJar();
    const response = await send("/admin/grant", jar);
    expect(await response.json()).toEqual({ role: "owner" });
    expect(names(response)).toEqual(["session", "admin"]);
  });

  it("gives a forged cookie a fresh session and reports it", async () => {
    const jar = new CookieJar();
    jar.set("session", "Fe26.2**forged");
    const response = await send("/read", jar);
    expect(response.status).toBe(200);
    expect(names(response)).toEqual(["session"]);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("50 concurrent clients keep their own sessions", async () => {
    const jars = Array.from({ length: 50 }, () => new CookieJar());
    for (let round = 0; round < 3; round++)
      await Promise.all(jars.map((jar) => send("/returned", jar)));
    const counts = await Promise.all(jars.map(async (jar) => (await read(jar)).data.visits));
    expect(counts).toEqual(jars.map(() => 3));
  });

  it("reaches app.inject (light-my-request) too", async () => {
    const app = Fastify();
    await app.register(session, { password });
    app.get("/", (request) => {
      request.session.data.visits = 1;
      return "ok";
    });
    const reply = await app.inject({ url: "/" });
    expect(reply.cookies.map((cookie) => cookie.name)).toEqual(["session"]);
    await app.close();
  });
});

describe("configuration mistakes fail at start-up", () => {
  it("a missing password", async () => {
    const app = Fastify();
    await expect(app.register(session, { password: "" })).rejects.toBeInstanceOf(
      PasswordMissingError,
    );
  });

  it("request.session already taken by another plugin, with the fix in the message", async () => {
    const app = Fastify();
    app.decorateRequest("session", null as never);
    await expect(app.register(session, { password })).rejects.toThrow(/contextKey/);
  });

  it("types request.session through declaration merging", () => {
    expectTypeOf<import("fastify").FastifyRequest["session"]["data"]["visits"]>().toEqualTypeOf<
      number | undefined
    >();
  });
});

describe("cookies move between Fastify and the Web binding", () => {
  it("a session Fastify wrote is read by useWebSession, and back", async () => {
    const app = Fastify();
    await app.register(session, { password });
    app.get("/", (request) => {
      request.session.data.visits = (request.session.data.visits ?? 0) + 1;
      return request.session.data;
    });
    const first = await app.inject({ url: "/" });
    const cookie = `session=${first.cookies[0]?.value}`;
    const web = await useWebSession(new Request("http://x/", { headers: { cookie } }), {
      password,
    });
    expect(web.data).toEqual({ visits: 1 });
    await web.update({ visits: 10 });
    const line = web.applyTo(new Response()).headers.getSetCookie()[0] ?? "";
    const second = await app.inject({ url: "/", headers: { cookie: line.split(";")[0] ?? "" } });
    expect(second.json()).toEqual({ visits: 11 });
    await app.close();
  });
});

describeCsrfMiddleware("Fastify csrf() preHandler", async () => {
  const app = Fastify();
  await app.register(fastifyFormbody);
  await app.register(session, { password });
  app.addHook("preHandler", csrf());
  app.get("/csrf/form", async (request) => ({ token: await request.session.csrfToken() }));
  app.post("/csrf/save", async (request) => ({ saved: (request.body as { note?: string }).note }));
  return start(app);
});

describe("csrf()", () => {
  it("answers through the error handler, with the fix, when the plugin is missing", async () => {
    const app = Fastify();
    app.post("/x", { preHandler: csrf() }, async () => "x");
    const reply = await app.inject({ method: "POST", url: "/x" });
    expect(reply.statusCode).toBe(500);
    expect(reply.json().message).toMatch(/register the session plugin first/);
  });
});

describe("secure defaults (no compatibility to keep)", () => {
  async function app(options: Record<string, unknown> = {}) {
    const fastify = Fastify();
    await fastify.register(session, { password, ...options });
    fastify.get("/", async (request) => {
      request.session.data.visits = (request.session.data.visits ?? 0) + 1;
      return request.session.data;
    });
    return fastify;
  }

  it("names the cookie __Host-session on a public host, and binds its token to that name", async () => {
    const fastify = await app();
    const first = await fastify.inject({ url: "/", headers: { host: "app.example" } });
    const cookie = String(first.headers["set-cookie"]);
    expect(cookie).toMatch(
      /^__Host-session=Fe26\.2\*[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$|^__Host-session=Fe26\.2\*[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    const token = cookie.split(";")[0]?.slice("__Host-session=".length) as string;
    const again = await fastify.inject({
      url: "/",
      headers: { host: "app.example", cookie: `__Host-session=${token}` },
    });
    expect(again.json()).toEqual({ visits: 2 });
    // The same token under another session's name is refused: it was made for this one.
    const other = await app({ name: "other" });
    const swapped = await other.inject({
      url: "/",
      headers: { host: "app.example", cookie: `__Host-other=${token}` },
    });
    expect(swapped.json()).toEqual({ visits: 1 });
  });

  it("keeps the plain name on a development host, and lets a config turn both off", async () => {
    const local = await (await app()).inject({ url: "/", headers: { host: "localhost:3000" } });
    expect(String(local.headers["set-cookie"])).toMatch(/^session=/);
    const plain = await app({ cookiePrefix: false, bind: false });
    const reply = await plain.inject({ url: "/", headers: { host: "app.example" } });
    expect(String(reply.headers["set-cookie"])).toMatch(/^session=/);
  });

  it("refuses at register what a __Host- cookie cannot have", async () => {
    await expect(app({ cookie: { domain: "example.com" } })).rejects.toThrow(/__Host-/);
  });
});
