import { CookieJar, type TestServer } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStart } from "./_app";

let server: TestServer;
beforeAll(async () => {
  server = await serveStart();
});
afterAll(() => server?.close());

const text = (html: string, id: string) => html.match(new RegExp(`id="${id}">([^<]*)<`))?.[1];

describe("@sealed-session/tanstack-start in a built TanStack Start app (no h3)", () => {
  it("a server route writes the session; a page's loader reads it in a server function and renders it", async () => {
    const jar = new CookieJar();
    const page = async () =>
      (await server.fetch("/", { headers: { cookie: jar.header() } })).text();
    expect(text(await page(), "visits")).toBe("0");
    for (const n of [1, 2]) {
      const response = await server.fetch("/api/visit", {
        method: "POST",
        headers: { cookie: jar.header(), "content-type": "application/json" },
        body: JSON.stringify({ user: "ada" }),
      });
      jar.take(response);
      expect(await response.json()).toEqual({ visits: n, user: "ada" });
      expect(response.headers.getSetCookie()).toEqual([
        expect.stringMatching(/^app=Fe26\.2\*[^;]+; Path=\/; HttpOnly; SameSite=Lax$/),
      ]);
    }
    const html = await page();
    expect([text(html, "visits"), text(html, "user")]).toEqual(["2", "ada"]);
  });

  it("a forged cookie renders a fresh session, never an error page", async () => {
    const response = await server.fetch("/", { headers: { cookie: "app=Fe26.2**forged" } });
    expect(response.status).toBe(200);
    expect(text(await response.text(), "visits")).toBe("0");
  });

  it("a session that grows into chunks and shrinks back in one request leaves one cookie: the chunks staged are expired", async () => {
    const response = await server.fetch("/api/shrink", { method: "POST" });
    expect(await response.json()).toEqual({ blob: "small" });
    const cookies = response.headers.getSetCookie();
    // One Set-Cookie per name (Start keeps the last of a name, domain and path)…
    const names = cookies.map((cookie) => cookie.slice(0, cookie.indexOf("=")));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("big.1");
    // …and what the browser keeps is the small session alone.
    const jar = new CookieJar().take(response);
    expect(jar.names()).toEqual(["big"]);
    expect(jar.get("big")).toMatch(/^Fe26\.2\*/);
  });
});
