import { CookieJar, type TestServer } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "../src/index";
import { serveAstro } from "./_app";

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
    expect(first.cookies).toEqual([expect.stringMatching(/^mw=Fe26\.2\*.*; Path=\/; HttpOnly; SameSite=Lax$/)]);
    const second = await visit();
    expect(second).toMatchObject({ visits: "2", id: first.id });
    expect((await visit()).visits).toBe("3");
  });

  it("refuses a config mistake when the middleware is set up", () => {
    expect(() => session({ password: "short" })).toThrow(/at least 32/);
  });
});
