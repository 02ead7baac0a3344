// A route that throws after its session changed, in an app with no 500 page:
// Astro answers such a request outside every middleware, so the adapter must
// put the session's cookies on it itself (issue 23: a logout must stick).
import { CookieJar, type TestServer } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { serveBareAstro } from "./_app";

let server: TestServer;
beforeAll(async () => {
  server = await serveBareAstro();
});
afterAll(() => server?.close());

const send = async (jar: CookieJar, path: string, method = "GET") => {
  const response = await server.fetch(path, {
    method,
    headers: jar.header() ? { cookie: jar.header() } : {},
  });
  jar.take(response);
  return response;
};

describe("a route that throws after a session change, with no 500 page", () => {
  it("session(): a page that signs out and then throws answers 500 with the expired cookie", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const jar = new CookieJar();
      expect((await send(jar, "/mw/login")).status).toBe(200);
      expect(jar.names()).toEqual(["mw"]);
      const response = await send(jar, "/mw/logout-throw");
      expect(response.status).toBe(500);
      expect(response.headers.getSetCookie()).toEqual([
        expect.stringMatching(/^mw=; Max-Age=0; Path=\//),
      ]);
      expect(jar.names()).toEqual([]);
      // The page's error is logged, not swallowed.
      expect(
        logged.mock.calls
          .flat()
          .some((value) => String(value).includes("the page failed after the logout")),
      ).toBe(true);
      // Signed out for good: the next page starts a new session.
      expect(await (await send(jar, "/mw/login")).text()).toContain('id="user">ada<');
    } finally {
      logged.mockRestore();
    }
  });

  it("useSession's functions: an endpoint that clears and then throws answers 500 with the expired cookie", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const jar = new CookieJar();
      await send(jar, "/api/logout-throw");
      expect(jar.names()).toEqual(["api"]);
      const response = await send(jar, "/api/logout-throw?out");
      expect(response.status).toBe(500);
      expect(jar.names()).toEqual([]);
    } finally {
      logged.mockRestore();
    }
  });

  it("leaves Astro's error handling alone when the session did not change", async () => {
    const jar = new CookieJar();
    await send(jar, "/mw/login");
    const response = await send(jar, "/mw/throw-untouched");
    expect(response.status).toBe(500);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(jar.names()).toEqual(["mw"]);
  });
});
