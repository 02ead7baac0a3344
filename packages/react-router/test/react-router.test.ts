import type { SessionManager } from "@sealed-session/core";
import {
  CookieJar,
  describeCsrfMiddleware,
  describeRenderedSession,
  postWithHost,
  type TestServer,
} from "@sealed-session/testing";
import { createContext, RouterContextProvider } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSealedSessionStorage, session, useSession } from "../src/index";
import { PASSWORD, serveApp } from "./_app";

let server: TestServer;
beforeAll(async () => {
  server = await serveApp();
});
afterAll(() => server?.close());

const send = async (jar: CookieJar, path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  if (jar.header()) headers.set("cookie", jar.header());
  const response = await server.fetch(path, { ...init, headers });
  jar.take(response);
  return response;
};
const names = (response: Response) =>
  response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf("=")));
const visits = (html: string) => html.match(/id="visits"[^>]*>([^<]*)</)?.[1];

// A resource route writes the session the root middleware opened; the page's loader reads it.
describeRenderedSession("@sealed-session/react-router in a built React Router app", serveApp, {
  setCookie: /^app=Fe26\.2\*[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
});

describe("session()'s secure defaults", () => {
  it("names the cookie __Host-app on a public host (plain app on 127.0.0.1), its token bound to it", async () => {
    const [cookie] = await postWithHost(`${server.url}/api/visit`, "app.example", { user: "ada" });
    expect(cookie).toMatch(/^__Host-app=Fe26\.2\*[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    // The same token as the plain-named cookie of 127.0.0.1 is refused: bound to __Host-app.
    const token = (cookie as string).split(";")[0]?.split("=").slice(1).join("=");
    const swapped = await server.fetch("/api/visit", {
      method: "POST",
      headers: { cookie: `app=${token}`, "content-type": "application/json" },
      body: JSON.stringify({ user: "eve" }),
    });
    expect(((await swapped.json()) as { visits: number }).visits).toBe(1);
  });
});

describe("the session() middleware", () => {
  it("signs in through a form action: a new id, the cookie on React Router's redirect", async () => {
    const jar = new CookieJar();
    await send(jar, "/api/visit", { method: "POST", body: JSON.stringify({ user: "x" }) });
    const before = jar.get("app");
    const login = await send(jar, "/login", {
      method: "POST",
      body: new URLSearchParams({ user: "ada" }),
    });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/");
    expect(names(login)).toEqual(["app"]);
    expect(jar.get("app")).not.toBe(before);
    const html = await (await send(jar, "/")).text();
    expect(html).toMatch(/id="user"[^>]*>ada</);
  });

  it("carries the cookie on a single-fetch .data request (client-side navigation)", async () => {
    const jar = new CookieJar();
    const response = await send(jar, "/login.data", {
      method: "POST",
      body: new URLSearchParams({ user: "grace" }),
    });
    expect(response.status).toBeLessThan(400);
    expect(names(response)).toEqual(["app"]);
    expect(await (await send(jar, "/")).text()).toMatch(/id="user"[^>]*>grace</);
  });

  it("keeps a change made before a loader threw: the error boundary's 500 carries the cookie", async () => {
    const jar = new CookieJar();
    const response = await send(jar, "/throws");
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("something went wrong");
    expect(names(response)).toEqual(["app"]);
    expect(visits(await (await send(jar, "/")).text())).toBe("1");
  });

  it("writes nothing for a new visitor who only reads (lazy), and nothing when nothing changed", async () => {
    const jar = new CookieJar();
    expect(names(await send(jar, "/"))).toEqual([]);
    await send(jar, "/api/visit", { method: "POST", body: JSON.stringify({ user: "ada" }) });
    expect(names(await send(jar, "/"))).toEqual([]);
  });

  it("a forged cookie renders a fresh session, never an error page", async () => {
    const jar = new CookieJar().set("app", "Fe26.2**forged");
    const response = await send(jar, "/");
    expect(response.status).toBe(200);
    expect(visits(await response.text())).toBe("0");
  });

  it("throws at start-up on a missing password", () => {
    expect(() => session({ password: "" })).toThrow(/password/);
  });
});

describe("two sessions", () => {
  it("puts a second session under its own router context; the outermost middleware sends both", async () => {
    const adminContext = createContext<SessionManager<{ role?: string }>>();
    const outer = session({ password: PASSWORD, name: "main" });
    const inner = session({ password: PASSWORD, name: "admin", context: adminContext, lazy: true });
    const context = new RouterContextProvider();
    const request = new Request("http://localhost/admin");
    const args = { request, context, params: {}, url: new URL(request.url), pattern: "/admin" };
    const response = (await outer(
      args as never,
      async () =>
        (await inner(args as never, async () => {
          context.get(adminContext).data.role = "owner";
          return new Response("ok");
        })) as Response,
    )) as Response;
    expect(names(response).sort()).toEqual(["admin", "main"]);
  });
});

describe("the function form", () => {
  it("refuses to run with no session middleware above it, rather than lose a write", () => {
    const args = { request: new Request("http://x/"), context: new RouterContextProvider() };
    expect(() => useSession(args, { password: PASSWORD })).toThrow(/withSessions/);
  });
});

describe("createSealedSessionStorage: React Router's SessionStorage, sealed", () => {
  it("get, set, commit as with createCookieSessionStorage, under its cookie name", async () => {
    const jar = new CookieJar();
    const first = await send(jar, "/storage/count");
    expect(names(first)).toEqual(["__session"]);
    expect(jar.get("__session")).toMatch(/^Fe26\.2\*/);
    const second = await send(jar, "/storage/count");
    expect(((await second.json()) as { count: number }).count).toBe(2);
  });

  it("flashes a value that is read once", async () => {
    const jar = new CookieJar();
    await send(jar, "/storage/count");
    const read = await send(jar, "/storage/notice");
    expect(await read.json()).toEqual({ notice: "counted 1", count: 1 });
    const again = await send(jar, "/storage/notice");
    expect(await again.json()).toEqual({ notice: null, count: 1 });
  });

  it("takes commitSession's own cookie attributes (a remember-me maxAge)", async () => {
    const response = await send(new CookieJar(), "/storage/remember");
    expect(response.headers.getSetCookie()[0]).toMatch(/^__session=Fe26\.2\*[^;]+;.*Max-Age=60/);
  });

  it("refuses a session that needs more than the one cookie commitSession can return", async () => {
    const response = await send(new CookieJar(), "/storage/big");
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: "ERR_SESSION_TOO_LARGE" });
  });

  it("destroySession expires the cookie", async () => {
    const jar = new CookieJar();
    await send(jar, "/storage/count");
    const response = await send(jar, "/storage/destroy");
    expect(response.headers.getSetCookie()[0]).toMatch(/^__session=; Max-Age=0/);
    expect(jar.names()).toEqual([]);
  });

  it("throws at start-up when migrateFrom reads a cookie of another name", () => {
    expect(() =>
      createSealedSessionStorage({
        password: PASSWORD,
        migrateFrom: [{ from: "react-router", cookieName: "old", secrets: ["s"] }],
      }),
    ).toThrow(/name: "old"/);
  });
});

describe("createCookieSessionStorage's cookies are taken over (React Router 8's own, signed)", () => {
  it("the storage reads one, and its next commit reseals it in place", async () => {
    const jar = new CookieJar();
    await send(jar, "/old/storage");
    expect(jar.get("__session")).toMatch(/^ey/);
    const shown = (await (await send(jar, "/storage/show")).json()) as { data: unknown };
    expect(shown.data).toEqual({ count: 41, user: "grace ☕" });
    const counted = await send(jar, "/storage/count");
    expect(names(counted)).toEqual(["__session"]);
    expect(jar.get("__session")).toMatch(/^Fe26\.2\*/);
    expect(((await counted.json()) as { count: number }).count).toBe(42);
  });

  it("the middleware session reads one of another name, reseals it and expires the old cookie", async () => {
    const jar = new CookieJar();
    await send(jar, "/old/legacy");
    const page = await send(jar, "/");
    expect(visits(await page.text())).toBe("7");
    expect(names(page).sort()).toEqual(["app", "legacy"]);
    expect(jar.names()).toEqual(["app"]);
    expect(names(await send(jar, "/"))).toEqual([]);
  });

  it("a tampered old cookie gives a fresh session, never an error", async () => {
    const jar = new CookieJar();
    await send(jar, "/old/storage");
    const value = jar.get("__session") ?? "";
    // The data part changed, the signature kept: {"count":41,… becomes another object.
    jar.set("__session", `eyJjb3VudCI6OTk5fQ${value.slice(value.indexOf("."))}`);
    const shown = await send(jar, "/storage/show");
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as { data: unknown }).data).toEqual({});
  });
});

describeCsrfMiddleware("React Router csrf() middleware", async () => serveApp());
