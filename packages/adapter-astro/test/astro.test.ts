import { CookieJar, describeCsrfMiddleware, type TestServer } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "../src/index";
import { ASTRO, serveAstro } from "./_app";

let server: TestServer;
beforeAll(async () => {
  server = await serveAstro();
});
afterAll(() => server?.close());

describe("session() middleware in a built Astro app", () => {
  it("gives a page's frontmatter Astro.locals.session, and commits what it changed after rendering", async () => {
    const jar = new CookieJar();
    const visit = async () => {
      const response = await server.fetch("/mw", { headers: { cookie: jar.header() } });
      jar.take(response);
      const html = await response.text();
      return {
        visits: html.match(/id="visits">(\d+)</)?.[1],
        id: html.match(/id="id">([^<]+)</)?.[1],
        cookies: response.headers.getSetCookie(),
      };
    };
    const first = await visit();
    expect(first.visits).toBe("1");
    expect(first.cookies).toEqual([
      expect.stringMatching(/^mw=Fe26\.2\*.*; Path=\/; HttpOnly; SameSite=Lax$/),
    ]);
    const second = await visit();
    expect(second).toMatchObject({ visits: "2", id: first.id });
    expect((await visit()).visits).toBe("3");
  });

  it("lives beside Astro's own Astro.session in one page: each keeps its own cookie and state", async () => {
    const jar = new CookieJar();
    const visit = async () => {
      const response = await server.fetch("/mw-both", { headers: { cookie: jar.header() } });
      jar.take(response);
      const html = await response.text();
      return [html.match(/id="astro">(\d+)</)?.[1], html.match(/id="sealed">(\d+)</)?.[1]];
    };
    expect(await visit()).toEqual(["1", "1"]);
    // Astro's session cookie holds an id into its store; ours holds the sealed data.
    expect(jar.names()).toEqual(["astro-session", "mw"]);
    expect(jar.get("mw")).toMatch(/^Fe26\.2\*/);
    expect(await visit()).toEqual(["2", "2"]);
    // Without our cookie, Astro's session goes on and ours starts again (and the reverse).
    const astroOnly = new CookieJar().set("astro-session", jar.get("astro-session") ?? "");
    const response = await server.fetch("/mw-both", { headers: { cookie: astroOnly.header() } });
    const html = await response.text();
    expect([html.match(/id="astro">(\d+)</)?.[1], html.match(/id="sealed">(\d+)</)?.[1]]).toEqual([
      "3",
      "1",
    ]);
  });

  it("refuses a config mistake when the middleware is set up", () => {
    expect(() => session({ password: "short" })).toThrow(/at least 32/);
  });
});

// With Origin on its same-origin posts, as browsers send it: Astro 5 and 6 check it themselves (checkOrigin).
describeCsrfMiddleware(`${ASTRO} csrf() middleware`, async () => {
  const server = await serveAstro();
  return { fetch: server.fetch, close: server.close, origin: new URL(server.url).origin };
});
