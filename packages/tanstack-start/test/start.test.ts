import { CookieJar, describeRenderedSession, type TestServer } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStart } from "./_app";

let server: TestServer;
beforeAll(async () => {
  server = await serveStart();
});
afterAll(() => server?.close());

// A server route writes the session; the page's loader reads it in a server function.
describeRenderedSession(
  "@sealed-session/tanstack-start in a built TanStack Start app (no h3)",
  serveStart,
  {
    setCookie: /^app=Fe26\.2\*[^;]+; Path=\/; HttpOnly; SameSite=Lax$/,
  },
);

describe("@sealed-session/tanstack-start: chunks in one request", () => {
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
