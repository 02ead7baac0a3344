// The binding's own functions in the built app: next/headers in a route
// handler, a server component reading only, and the proxy sliding an idle
// session forward.
import { CookieJar, type TestServer } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveNext } from "./_app";

const IDLE_SECONDS = 4;
let server: TestServer;
beforeAll(async () => {
  server = await serveNext(undefined, { NEXT_SESSION_IDLE_TIMEOUT: String(IDLE_SECONDS) });
}, 60_000);
afterAll(() => server?.close());

const post = (body: unknown): RequestInit => ({
  method: "POST",
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" },
});
const setCookies = (response: Response) => response.headers.getSetCookie();
// `init` with the jar's cookies in its Cookie header.
const withJar = (jar: CookieJar, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
});

describe("next/headers in a route handler", () => {
  it("starts, updates and reads back a session through cookies()", async () => {
    const jar = new CookieJar();
    const first = await server.fetch("/n/use");
    expect(await first.json()).toEqual({});
    expect(setCookies(first)).toHaveLength(1);
    expect(setCookies(first)[0]).toMatch(/^app=Fe26\.2\*.*HttpOnly/i);
    jar.take(first);
    jar.take(await server.fetch("/n/update", withJar(jar, post({ user: "ada" }))));
    expect(await (await server.fetch("/n/use", withJar(jar))).json()).toEqual({ user: "ada" });
  });

  it("expires, in the same response, the chunks it staged when the session shrinks again", async () => {
    const jar = new CookieJar();
    const response = await server.fetch("/n/grow-shrink");
    jar.take(response);
    expect(await response.json()).toEqual({ user: "small" });
    expect(jar.names()).toEqual(["app"]);
    expect(await (await server.fetch("/n/use", withJar(jar))).json()).toEqual({ user: "small" });
  });

  it("clears the session, chunks included", async () => {
    const jar = new CookieJar();
    jar.take(await server.fetch("/n/update", post({ user: "x".repeat(7000) })));
    expect(jar.names().length).toBeGreaterThan(1);
    jar.take(await server.fetch("/n/clear", withJar(jar)));
    expect(jar.names()).toEqual([]);
  });

  it("refuses, with a typed error naming the way, to answer a header client it cannot answer", async () => {
    const jar = new CookieJar();
    jar.take(await server.fetch("/n/update", post({ user: "ada" })));
    const token = jar.get("app") ?? "";
    const response = await server.fetch("/n/update", {
      ...post({ user: "eve" }),
      headers: { "content-type": "application/json", "x-app-session": token },
    });
    expect(response.status).toBe(500);
    const { code, message } = (await response.json()) as { code: string; message: string };
    expect(code).toBe("ERR_OPTIONS_INVALID");
    expect(message).toMatch(/useWebSession\(request, config\)/);
  });
});

describe("a server component", () => {
  it("reads the session, and a change there is refused and writes nothing", async () => {
    const jar = new CookieJar();
    jar.take(await server.fetch("/n/update", post({ user: "ada" })));
    const page = await server.fetch("/rsc", withJar(jar));
    const html = await page.text();
    expect(html).toMatch(/id="user">ada</);
    expect(html).toMatch(/id="refused">ERR_SESSION_READ_ONLY</);
    expect(setCookies(page)).toEqual([]);
  });

  it("seals no new session for a visitor without one", async () => {
    const page = await server.fetch("/rsc");
    expect(await page.text()).toMatch(/id="user">nobody</);
    expect(setCookies(page)).toEqual([]);
  });
});

describe("the proxy", () => {
  it("slides an idle session forward once half its window has passed; the page only reads", async () => {
    const jar = new CookieJar();
    jar.take(await server.fetch("/n/update", post({ user: "ada" })));
    const fresh = await server.fetch("/account", withJar(jar));
    expect(await fresh.text()).toMatch(/id="user">ada</);
    expect(setCookies(fresh)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, (IDLE_SECONDS / 2) * 1000 + 300));
    const slid = await server.fetch("/account", withJar(jar));
    expect(await slid.text()).toMatch(/id="user">ada</);
    expect(setCookies(slid)).toHaveLength(1);
    expect(setCookies(slid)[0]).toMatch(/^app=Fe26\.2\*/);
    jar.take(slid);
    // Past the old token's idle end, the slid one still reads.
    await new Promise((resolve) => setTimeout(resolve, (IDLE_SECONDS / 2) * 1000 + 300));
    expect(await (await server.fetch("/n/use", withJar(jar))).json()).toEqual({ user: "ada" });
  }, 20_000);
});

describe("leaving iron-session (migrateFrom)", () => {
  it("a server component reads an iron-session cookie; the first route handler reseals it as ours", async () => {
    const jar = new CookieJar();
    jar.take(await server.fetch("/iron?user=ada"));
    expect(jar.get("app")).toMatch(/^Fe26\.2\*1\*.*~2$/);
    // Read-only: read, not written.
    const page = await server.fetch("/rsc", withJar(jar));
    expect(await page.text()).toMatch(/id="user">ada</);
    expect(setCookies(page)).toEqual([]);
    const first = await server.fetch("/n/use", withJar(jar));
    expect(await first.json()).toEqual({ user: "ada" });
    expect(setCookies(first)).toHaveLength(1);
    jar.take(first);
    expect(jar.get("app")).toMatch(/^Fe26\.2\*\*[^~]*$/);
    const again = await server.fetch("/n/use", withJar(jar));
    expect(await again.json()).toEqual({ user: "ada" });
    expect(setCookies(again)).toEqual([]);
  });

  it("the proxy reseals chunked iron-session cookies (app.0 …) and the page reads the session", async () => {
    const jar = new CookieJar();
    jar.take(await server.fetch("/iron?user=grace&big=1"));
    expect(jar.names()).toEqual(["app.0", "app.1", "app.2"]);
    const page = await server.fetch("/account", withJar(jar));
    expect(await page.text()).toMatch(/id="user">grace</);
    jar.take(page);
    expect(jar.names()).toEqual(["app", "app.1", "app.2", "app.3"]);
    expect(jar.get("app")).toBe("__chunked__3");
    const read = await server.fetch("/n/use", withJar(jar));
    expect(await read.json()).toEqual({ user: "grace", note: "n".repeat(6000) });
    expect(setCookies(read)).toEqual([]);
  });
});
