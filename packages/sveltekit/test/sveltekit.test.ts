import {
  CookieJar,
  describeRenderedSession,
  postWithHost,
  type TestServer,
} from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { handleSession } from "../src/index";
import { serveKit } from "./_app";

declare module "../src/index" {
  interface AppSessionData {
    visits?: number;
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await serveKit();
});
afterAll(() => server?.close());

const send = async (jar: CookieJar, path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  if (jar.header()) headers.set("cookie", jar.header());
  // Kit refuses cross-site posts: these come from the app's own origin. adapter-node
  // without ORIGIN takes a request to have come over https (a deployment behind TLS).
  headers.set("origin", server.url.replace("http:", "https:"));
  const response = await server.fetch(path, { ...init, headers });
  jar.take(response);
  return response;
};
const names = (response: Response) =>
  response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf("=")));
const text = (html: string, id: string) => html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`))?.[1];

// A +server.ts route writes the session on event.locals; the page's load reads it.
describeRenderedSession("@sealed-session/sveltekit in a built SvelteKit app", serveKit, {
  setCookie: /^app=Fe26\.2\*[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
});

describe("handleSession()'s secure defaults", () => {
  it("names the cookie __Host-app on a public host (plain app on 127.0.0.1)", async () => {
    const [cookie] = await postWithHost(`${server.url}/api/visit`, "app.example", { user: "ada" });
    expect(cookie).toMatch(/^__Host-app=Fe26\.2\*[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });
});

describe("handleSession()", () => {
  it("signs in through a form action: a new id, the cookie on the 303", async () => {
    const jar = new CookieJar();
    await send(jar, "/api/visit", { method: "POST", body: JSON.stringify({ user: "x" }) });
    const before = jar.get("app");
    const login = await send(jar, "/login?/signin", {
      method: "POST",
      // A browser's form post, which asks for a page (use:enhance asks for JSON).
      headers: { accept: "text/html" },
      body: new URLSearchParams({ user: "ada" }),
    });
    expect(login.status).toBe(303);
    expect(names(login)).toEqual(["app"]);
    expect(jar.get("app")).not.toBe(before);
    expect(text(await (await send(jar, "/")).text(), "user")).toBe("ada");
  });

  it("commits a change a form action made when use:enhance posts it (a JSON answer)", async () => {
    const jar = new CookieJar();
    const response = await send(jar, "/login?/rename", {
      method: "POST",
      headers: { accept: "application/json", "x-sveltekit-action": "true" },
      body: new URLSearchParams({ user: "grace" }),
    });
    expect(((await response.json()) as { type: string }).type).toBe("success");
    expect(names(response)).toEqual(["app"]);
    expect(text(await (await send(jar, "/")).text(), "user")).toBe("grace");
  });

  it("writes update() through event.cookies, chunks included, and expires them as it shrinks", async () => {
    const jar = new CookieJar();
    const grown = await send(jar, "/api/grow?size=9000", { method: "POST" });
    expect(await grown.json()).toEqual({ length: 9000 });
    // One Set-Cookie per name: Kit's cookies and the hook's commit do not repeat a chunk.
    expect(new Set(names(grown)).size).toBe(names(grown).length);
    expect(jar.names()).toEqual(["app", "app.1", "app.2", "app.3", "app.4"]);
    const shrunk = await send(jar, "/api/grow?size=10", { method: "POST" });
    expect(await shrunk.json()).toEqual({ length: 10 });
    expect(jar.names()).toEqual(["app"]);
    const again = await send(jar, "/api/grow?size=10", { method: "POST" });
    expect(await again.json()).toEqual({ length: 10 });
  });

  it("keeps a change made before a load threw: the error page's 500 carries the cookie", async () => {
    const jar = new CookieJar();
    const response = await send(jar, "/throws");
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("something went wrong");
    expect(names(response)).toEqual(["app"]);
    expect(text(await (await send(jar, "/")).text(), "visits")).toBe("1");
  });

  it("writes nothing for a new visitor who only reads (lazy), and nothing when nothing changed", async () => {
    const jar = new CookieJar();
    expect(names(await send(jar, "/"))).toEqual([]);
    await send(jar, "/api/visit", { method: "POST", body: JSON.stringify({ user: "ada" }) });
    expect(names(await send(jar, "/"))).toEqual([]);
  });

  it("a forged or truncated cookie renders a fresh session, never an error page", async () => {
    for (const value of ["Fe26.2**forged", "Fe26.2*1*abc"]) {
      const response = await send(new CookieJar().set("app", value), "/");
      expect(response.status).toBe(200);
      expect(text(await response.text(), "visits")).toBe("0");
    }
  });

  it("throws at start-up on a missing password", () => {
    expect(() => handleSession({ password: "" })).toThrow(/password/);
  });

  it("types event.locals.session through App.Locals", () => {
    expectTypeOf<App.Locals["session"]["data"]["visits"]>().toEqualTypeOf<number | undefined>();
  });
});
