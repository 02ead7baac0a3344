// The server-rendered check every built-app binding runs (Nuxt, TanStack
// Start, SolidStart): a route writes the session, the page the server renders
// reads it from the cookie, and a forged cookie renders a fresh session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieJar } from "./jar";
import type { TestServer } from "./server";

/** What the app under test has: `POST /api/visit` and the page at `/`, with `id="visits"` and `id="user"`. */
export interface RenderedSessionOptions {
  /** The `Set-Cookie` the write route answers with (the app's session cookie, its attributes). */
  readonly setCookie: RegExp;
}

/**
 * Registers the suite for an app whose `POST /api/visit` (JSON `{ user }`)
 * increments `visits` in the session cookie `app` and answers the data, and
 * whose page at `/`, rendered on the server from the browser's cookie, shows
 * `visits` and `user` in the elements of those ids.
 */
export function describeRenderedSession(
  label: string,
  serve: () => Promise<TestServer>,
  { setCookie }: RenderedSessionOptions,
): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await serve();
  });
  afterAll(() => server?.close());
  const text = (html: string, id: string) =>
    html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`))?.[1];

  describe(label, () => {
    it("a route writes the session; the page rendered on the server reads it from the cookie", async () => {
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
        expect(response.headers.getSetCookie()).toEqual([expect.stringMatching(setCookie)]);
      }
      const html = await page();
      expect([text(html, "visits"), text(html, "user")]).toEqual(["2", "ada"]);
    });

    it("a forged cookie renders a fresh session, never an error page", async () => {
      const response = await server.fetch("/", { headers: { cookie: "app=Fe26.2**forged" } });
      expect(response.status).toBe(200);
      expect(text(await response.text(), "visits")).toBe("0");
    });
  });
}
