import { PasswordShortError, type SessionManager, useWebSession } from "@sealed-session/core";
import { useSession as h3UseSession } from "@sealed-session/h3";
import { CookieJar, describeCsrfMiddleware } from "@sealed-session/testing";
import { H3 } from "h3";
import { Hono } from "hono";
import { describe, expect, expectTypeOf, it } from "vitest";
import { csrf, type SessionEnv, session, useSession } from "../src/index";

const password = "hono-adapter-test-password-0123456789abc";
type Data = { visits?: number; user?: string };

function app() {
  const hono = new Hono<SessionEnv<Data> & SessionEnv<{ role?: string }, "admin">>();
  hono.onError((error, c) => c.json({ error: error.message }, 500));
  hono.use(session<Data>({ password }));
  hono.use(
    "/admin/*",
    session<{ role?: string }, "admin">({ password, name: "admin", contextKey: "admin" }),
  );
  hono.get("/visit", (c) => {
    c.var.session.data.visits = (c.var.session.data.visits ?? 0) + 1;
    return c.json(c.var.session.data);
  });
  hono.get("/read", (c) => c.json({ id: c.var.session.id, data: c.var.session.data }));
  hono.get("/unsealable", (c) => {
    c.var.session.data.visits = 99;
    (c.var.session.data as Record<string, unknown>).big = 10n;
    return c.json({ ok: true });
  });
  hono.get("/throw", (c) => {
    c.var.session.data.user = "set before the throw";
    throw new Error("boom");
  });
  hono.get("/raw", (c) => {
    c.var.session.data.user = "raw";
    return new Response("built by the handler", { headers: { "x-raw": "1" } });
  });
  hono.get("/login", async (c) => {
    c.var.session.data.user = "ada";
    await c.var.session.regenerate();
    return c.redirect("/home");
  });
  hono.get("/web-redirect", (c) => {
    c.var.session.data.user = "immutable";
    return Response.redirect("http://localhost/home", 303);
  });
  hono.get("/admin/grant", (c) => {
    c.var.admin.data.role = "owner";
    return c.json({ user: c.var.session.data.user ?? null, role: c.var.admin.data.role });
  });
  hono.get("/fn", async (c) => {
    const s = await useSession<Data>(c, { password, name: "fn" });
    await s.update({ visits: 1 });
    return c.text("ok");
  });
  return hono;
}

const names = (response: Response) =>
  response.headers.getSetCookie().map((c) => c.slice(0, c.indexOf("=")));

async function request(hono: Hono<never>, path: string, jar: CookieJar) {
  const response = await hono.request(path, {
    headers: jar.header() ? { cookie: jar.header() } : {},
  });
  jar.take(response);
  return response;
}

describe("session() middleware", () => {
  const hono = app() as unknown as Hono<never>;

  it("types c.var.session and c.get('session')", () => {
    new Hono<SessionEnv<Data>>().get("/", (c) => {
      expectTypeOf(c.var.session).toExtend<SessionManager<Data>>();
      expectTypeOf(c.var.session.data.visits).toEqualTypeOf<number | undefined>();
      expectTypeOf(c.get("session").data.user).toEqualTypeOf<string | undefined>();
      // @ts-expect-error: not a field of Data
      c.var.session.data.visits = "many";
      return c.text("");
    });
    new Hono().get("/", (c) => {
      // Without an Env, ContextVariableMap still knows the default key; its data is unknown until narrowed.
      expectTypeOf(c.get("session")).toEqualTypeOf<SessionManager<Record<string, unknown>>>();
      expectTypeOf(c.var.session.data.anything).toEqualTypeOf<unknown>();
      return c.text("");
    });
  });

  it("commits direct mutations of c.var.session.data, and writes nothing when nothing changed", async () => {
    const jar = new CookieJar();
    expect(await (await request(hono, "/visit", jar)).json()).toEqual({ visits: 1 });
    expect(await (await request(hono, "/visit", jar)).json()).toEqual({ visits: 2 });
    const read = await request(hono, "/read", jar);
    expect((await read.json()) as object).toMatchObject({ data: { visits: 2 } });
    expect(read.headers.getSetCookie()).toEqual([]);
  });

  it("answers a commit that cannot seal through app.onError: a 500, no cookie, the session as it was (issue 23)", async () => {
    const jar = new CookieJar();
    await request(hono, "/visit", jar);
    const response = await request(hono, "/unsealable", jar);
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: string }).error).toMatch(/JSON|serializ/i);
    expect(names(response)).toEqual([]);
    expect(((await (await request(hono, "/read", jar)).json()) as { data: Data }).data.visits).toBe(
      1,
    );
  });

  it("saves the session when the handler throws and app.onError builds the response", async () => {
    const jar = new CookieJar();
    const response = await request(hono, "/throw", jar);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "boom" });
    expect(names(response)).toEqual(["session"]);
    expect(((await (await request(hono, "/read", jar)).json()) as { data: Data }).data.user).toBe(
      "set before the throw",
    );
  });

  it("saves the session on a Response the handler built itself", async () => {
    const jar = new CookieJar();
    const response = await request(hono, "/raw", jar);
    expect(await response.text()).toBe("built by the handler");
    expect(response.headers.get("x-raw")).toBe("1");
    expect(names(response)).toEqual(["session"]);
    expect(((await (await request(hono, "/read", jar)).json()) as { data: Data }).data.user).toBe(
      "raw",
    );
  });

  it("saves the session on c.redirect() after regenerate(), and on an immutable Response.redirect()", async () => {
    const jar = new CookieJar();
    const before = ((await (await request(hono, "/read", jar)).json()) as { id: string }).id;
    const login = await request(hono, "/login", jar);
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/home");
    expect(names(login)).toEqual(["session"]);
    const after = (await (await request(hono, "/read", jar)).json()) as { id: string; data: Data };
    expect(after.id).not.toBe(before);
    expect(after.data.user).toBe("ada");

    const redirect = await request(hono, "/web-redirect", jar);
    expect(redirect.status).toBe(303);
    expect(names(redirect)).toEqual(["session"]);
    expect(((await (await request(hono, "/read", jar)).json()) as { data: Data }).data.user).toBe(
      "immutable",
    );
  });

  it("keeps two named sessions under their own context keys", async () => {
    const jar = new CookieJar();
    await request(hono, "/login", jar);
    const response = await request(hono, "/admin/grant", jar);
    expect(await response.json()).toEqual({ user: "ada", role: "owner" });
    expect(names(response)).toEqual(["admin"]);
    expect(jar.names()).toEqual(["admin", "session"]);
  });

  it("useSession(c, config) seals on update(), as h3 does", async () => {
    const jar = new CookieJar();
    const response = await request(hono, "/fn", jar);
    expect(names(response)).toContain("fn");
  });

  it("50 concurrent clients keep their own sessions", async () => {
    const jars = Array.from({ length: 50 }, () => new CookieJar());
    for (let round = 1; round <= 3; round++)
      await Promise.all(jars.map((jar) => request(hono, "/visit", jar)));
    const ids = new Set<string>();
    for (const jar of jars) {
      const body = (await (await request(hono, "/read", jar)).json()) as { id: string; data: Data };
      expect(body.data).toEqual({ visits: 3 });
      ids.add(body.id);
    }
    expect(ids.size).toBe(50);
  });

  it("throws a configuration error when set up, not on the first request", () => {
    expect(() => session({ password: "too short" })).toThrow(PasswordShortError);
    expect(() => session({ password: "too short" })).toThrow(/gen-password/);
  });
});

describe("cookies move between the Hono adapter, the h3 adapter and the Web binding", () => {
  const config = { password, name: "shared" };
  const hono = new Hono().use(session(config)).get("/", (c) => {
    c.var.session.data.path = [...((c.var.session.data.path as string[]) ?? []), "hono"];
    return c.json({ id: c.var.session.id, data: c.var.session.data });
  });
  const h3 = new H3().get("/", async (event) => {
    const s = await h3UseSession(event, config);
    await s.update({ path: [...((s.data.path as string[]) ?? []), "h3"] });
    return { id: s.id, data: s.data };
  });
  const web = async (request: Request) => {
    const s = await useWebSession(request, config);
    await s.update({ path: [...((s.data.path as string[]) ?? []), "web"] });
    return s.applyTo(Response.json({ id: s.id, data: s.data }));
  };

  it("one session passes through all three", async () => {
    const jar = new CookieJar();
    const send = async (fetcher: (request: Request) => Response | Promise<Response>) => {
      const response = await fetcher(
        new Request("http://localhost/", { headers: { cookie: jar.header() } }),
      );
      jar.take(response);
      return (await response.json()) as { id: string; data: { path: string[] } };
    };
    const first = await send((r) => hono.fetch(r));
    await send((r) => h3.fetch(r));
    await send(web);
    const last = await send((r) => hono.fetch(r));
    expect(last).toEqual({ id: first.id, data: { path: ["hono", "h3", "web", "hono"] } });
  });
});

describeCsrfMiddleware("Hono csrf()", async () => {
  const hono = new Hono<SessionEnv<Data>>();
  hono.use(session<Data>({ password }), csrf());
  hono.get("/csrf/form", async (c) => c.json({ token: await c.var.session.csrfToken() }));
  hono.post("/csrf/save", async (c) => c.json({ saved: (await c.req.parseBody()).note }));
  return { fetch: async (path, init) => hono.request(path, init) };
});

describe("csrf()", () => {
  it("throws with the fix when used without session()", async () => {
    const hono = new Hono();
    hono.onError((error, c) => c.json({ error: error.message }, 500));
    hono.use(csrf());
    hono.post("/x", (c) => c.text("x"));
    const response = await hono.request("/x", { method: "POST" });
    expect(((await response.json()) as { error: string }).error).toMatch(/after session\(\)/);
  });
});
