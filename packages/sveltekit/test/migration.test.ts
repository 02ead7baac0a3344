// svelte-kit-cookie-session 4.1.1 itself writes the old cookies (its handle
// run on a request event whose cookie jar this file keeps); the built app,
// configured with migrateFrom, takes them over.
import { CookieJar, type TestServer } from "@sealed-session/testing";
import { handleSession as oldHandle } from "svelte-kit-cookie-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OLD_SECRET, serveKit } from "./_app";

let server: TestServer;
beforeAll(async () => {
  server = await serveKit();
});
afterAll(() => server?.close());

/** The cookies svelte-kit-cookie-session sets for `data` (as the browser keeps them). */
async function oldCookies(data: Record<string, unknown>, options: Record<string, unknown> = {}) {
  const jar = new Map<string, string>();
  const event = {
    request: new Request("http://localhost/"),
    url: new URL("http://localhost/"),
    locals: {} as { session?: { set(data: unknown): Promise<void> } },
    cookies: {
      get: (name: string) => jar.get(name),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      set: (name: string, value: string) => jar.set(name, value),
      delete: (name: string) => jar.delete(name),
    },
  };
  await oldHandle({ secret: OLD_SECRET, ...options } as never)({
    event: event as never,
    resolve: async () => {
      await event.locals.session?.set(data);
      return new Response("ok");
    },
  });
  const cookies = new CookieJar();
  for (const [name, value] of jar) cookies.set(name, encodeURIComponent(value));
  return cookies;
}

const page = async (jar: CookieJar) => {
  const response = await server.fetch("/", { headers: { cookie: jar.header() } });
  jar.take(response);
  const html = await response.text();
  const text = (id: string) => html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`))?.[1];
  return { response, visits: text("visits"), user: text("user") };
};

describe("svelte-kit-cookie-session's cookies are taken over", () => {
  it("reads its cookie, reseals it as ours and expires the old one", async () => {
    const jar = await oldCookies({ visits: 4, user: "ada" });
    expect(jar.names()).toEqual(["kit.session"]);
    const first = await page(jar);
    expect([first.visits, first.user]).toEqual(["4", "ada"]);
    expect(jar.names()).toEqual(["app"]);
    expect(jar.get("app")).toMatch(/^Fe26\.2\*/);
    const second = await page(jar);
    expect([second.visits, second.user]).toEqual(["4", "ada"]);
    expect(second.response.headers.getSetCookie()).toEqual([]);
  });

  it("reads its chunked: true cookies (name.0 … and name.meta) and expires them all", async () => {
    const jar = await oldCookies({ visits: 9, user: "u".repeat(5000) }, { chunked: true });
    expect(jar.names()).toContain("kit.session.meta");
    expect(jar.names()).toContain("kit.session.1");
    const read = await page(jar);
    expect(read.visits).toBe("9");
    expect(read.user).toHaveLength(5000);
    expect(jar.names().filter((name) => name.startsWith("kit.session"))).toEqual([]);
  });

  it("gives a fresh session, never an error, for a cookie under another secret or past its expiry", async () => {
    const foreign = await oldCookies({ visits: 1 }, { secret: "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp" });
    const a = await page(foreign);
    expect(a.response.status).toBe(200);
    expect(a.visits).toBe("0");
    const expired = await oldCookies({ visits: 2 }, { expires: 1, expires_in: "seconds" });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const b = await page(expired);
    expect(b.response.status).toBe(200);
    expect(b.visits).toBe("0");
  });
});
