// `@sealed-session/core/testing`: the conformance suite that runs every session rule end to end through an adapter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSessionCookie } from "../cookie/chunked";
import { encodeBase64Url } from "../seal/base64";
import { seal } from "../seal/seal";
import type { SessionData } from "../session/record";
import { CookieJar } from "./jar";
import { type ConformanceHandler, conformanceHandler, makeConfigs } from "./scenarios";

export { CookieJar } from "./jar";
export type { ConformanceContext, ConformanceHandler } from "./scenarios";

/** An app under test: `fetch(path, init)` against it, and how to stop it. */
export interface ConformanceApp {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close?(): void | Promise<void>;
}

/** Builds an app with the adapter under test that calls `handler` for every request. */
export type ConformanceAppFactory = (handler: ConformanceHandler) => ConformanceApp | Promise<ConformanceApp>;

/** What differs between adapters. */
export interface ConformanceOptions {
  /** The session name the adapter uses when a config has none. @default "session" */
  defaultName?: string;
}

/**
 * The session rules, end to end over HTTP with a cookie jar, against any
 * adapter (unstorage's `testDriver` is the model): an adapter's test file is
 * one call of this plus its framework's own regressions.
 *
 * @example
 * ```ts
 * describeSessionConformance("h3 v2", (handler) => {
 *   const app = new H3().all("/**", (event) => handler(contextOf(event)));
 *   return { fetch: (path, init) => app.request(path, init) };
 * });
 * ```
 */
export function describeSessionConformance(name: string, factory: ConformanceAppFactory, options: ConformanceOptions = {}): void {
  const sessionName = options.defaultName ?? "session";
  const secrets = { password: randomSecret(), oldPassword: randomSecret() };
  const errors: Array<{ code: string; source: string }> = [];
  const configs = makeConfigs(secrets, errors);
  let app: ConformanceApp;

  const client = (jar = new CookieJar()) => ({
    jar,
    async request(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (jar.header()) headers.cookie = jar.header();
      if (init.body !== undefined) headers["content-type"] = "application/json";
      const response = await app.fetch(path, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      jar.take(response);
      return response;
    },
  });
  const json = async (response: Response) => (await response.json()) as SessionData;
  const cookiesOf = (response: Response) => response.headers.getSetCookie().filter((c) => isSessionCookie(c, sessionName));
  const record = (overrides: Record<string, unknown> = {}) => ({
    id: `crafted-${randomSecret().slice(0, 8)}`,
    createdAt: Date.now(),
    data: { crafted: true },
    ...overrides,
  });

  describe(`session conformance: ${name}`, () => {
    beforeAll(async () => {
      app = await factory(conformanceHandler(configs));
    });
    afterAll(async () => {
      await app?.close?.();
    });

    describe("useSession()", () => {
      it("starts a session and seals it into Set-Cookie at once, with the secure defaults", async () => {
        const response = await client().request("/use");
        expect(response.status).toBe(200);
        const [cookie, ...rest] = cookiesOf(response);
        expect(rest).toEqual([]);
        expect(cookie).toMatch(new RegExp(`^${sessionName}=Fe26\\.2\\*`));
        for (const attribute of ["Path=/", "HttpOnly", "Secure", "SameSite=Lax"]) expect(cookie).toContain(attribute);
        const body = await json(response);
        expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(body.data).toEqual({});
      });

      it("reads the same session back from the cookie, writing nothing when nothing changed", async () => {
        const c = client();
        const first = await json(await c.request("/use"));
        const second = await c.request("/use");
        expect((await json(second)).id).toBe(first.id);
        expect(cookiesOf(second)).toEqual([]);
      });

      it("shares one load and one session between concurrent calls in a request", async () => {
        const c = client();
        const created = await json(await c.request("/update", { body: { n: 1 } }));
        const response = await c.request("/concurrent");
        const sessions = (await response.json()) as Array<{ id: string; data: unknown }>;
        expect(sessions.map((s) => s.id)).toEqual([created.id, created.id, created.id]);
        expect(cookiesOf(response)).toEqual([]);
        const fresh = await client().request("/concurrent");
        const ids = new Set(((await fresh.json()) as Array<{ id: string }>).map((s) => s.id));
        expect(ids.size).toBe(1);
        expect(cookiesOf(fresh)).toHaveLength(1);
      });

      it("reads the x-<name>-session header before the cookie", async () => {
        const fromHeader = await seal(record({ id: "from-header" }), secrets.password);
        const fromCookie = await seal(record({ id: "from-cookie" }), secrets.password);
        const c = client(new CookieJar().set(sessionName, fromCookie));
        const body = await json(await c.request("/use", { headers: { [`x-${sessionName}-session`]: fromHeader } }));
        expect(body.id).toBe("from-header");
        expect((await json(await c.request("/use"))).id).toBe("from-cookie");
      });

      it("gives a fresh session, never an error, for a forged, truncated, garbage, foreign or wrongly keyed token", async () => {
        const genuine = await seal(record(), secrets.password);
        const cases: Array<[string, string, string]> = [
          ["forged", `${genuine.slice(0, -4)}AAAA`, "base"],
          ["truncated", genuine.slice(0, genuine.length / 2), "base"],
          ["garbage", "not-a-token", "base"],
          ["foreign", await seal(record(), randomSecret()), "base"],
          ["unknown key", await seal(record(), { id: "9", secret: secrets.password }), "rotation"],
          ["not a record", await seal({ hello: "world" }, secrets.password), "base"],
        ];
        errors.length = 0;
        for (const [label, token, config] of cases) {
          const response = await client(new CookieJar().set(sessionName, token)).request(`/use?config=${config}`);
          expect([label, response.status]).toEqual([label, 200]);
          const body = await json(response);
          expect([label, body.data]).toEqual([label, {}]);
          expect(body.id).not.toMatch(/^crafted-/);
        }
        expect(errors.map((e) => e.code)).toEqual([
          "ERR_SEAL_MAC",
          "ERR_SEAL_MALFORMED",
          "ERR_SEAL_MALFORMED",
          "ERR_SEAL_MAC",
          "ERR_SEAL_UNKNOWN_KEY",
          "ERR_SESSION_INVALID",
        ]);
      });

      it("a lazy session sends nothing until data is first written", async () => {
        const c = client();
        const first = await c.request("/use?config=lazy");
        expect(cookiesOf(first)).toEqual([]);
        const written = await c.request("/update?config=lazy", { body: { now: "written" } });
        expect(cookiesOf(written)).toHaveLength(1);
        expect((await json(await c.request("/use?config=lazy"))).data).toEqual({ now: "written" });
      });

      it("keeps sessions of different names apart", async () => {
        const c = client();
        await c.request("/update", { body: { which: "default" } });
        await c.request("/update?config=named", { body: { which: "second" } });
        expect(c.jar.names()).toEqual([sessionName, "second"].sort());
        expect((await json(await c.request("/use"))).data).toEqual({ which: "default" });
        expect((await json(await c.request("/use?config=named"))).data).toEqual({ which: "second" });
      });
    });

    describe("update()", () => {
      it("merges a patch, reseals, and the next request reads it", async () => {
        const c = client();
        const created = await json(await c.request("/update", { body: { a: 1 } }));
        const updated = await json(await c.request("/update", { body: { b: 2 } }));
        expect(updated).toMatchObject({ id: created.id, data: { a: 1, b: 2 } });
        expect((await json(await c.request("/use"))).data).toEqual({ a: 1, b: 2 });
      });

      it("applies a function to the data", async () => {
        const c = client();
        await c.request("/update-fn");
        expect((await json(await c.request("/update-fn"))).data).toEqual({ count: 2 });
      });

      it("a later write in the same response replaces the earlier Set-Cookie", async () => {
        const c = client();
        const response = await c.request("/update-twice");
        expect(cookiesOf(response)).toHaveLength(1);
        expect((await json(await c.request("/use"))).data).toEqual({ first: 1, second: 2 });
      });

      it("concurrent updates in one request all land", async () => {
        const c = client();
        const response = await c.request("/update-concurrent");
        expect(cookiesOf(response)).toHaveLength(1);
        expect((await json(await c.request("/use"))).data).toEqual({ a: 1, b: 2, c: 3 });
      });

      it("rejects data that fails the schema before sealing anything; a stored session that fails it is dropped", async () => {
        const c = client();
        await c.request("/update?config=schema", { body: { count: 1 } });
        const before = c.jar.get(sessionName);
        const refused = await c.request("/try-update?config=schema", { body: { count: "many" } });
        expect(await json(refused)).toEqual({ error: "ERR_SESSION_SCHEMA" });
        expect(cookiesOf(refused)).toEqual([]);
        expect(c.jar.get(sessionName)).toBe(before);
        errors.length = 0;
        const invalid = await seal(record({ data: { count: "x" } }), secrets.password);
        const body = await json(await client(new CookieJar().set(sessionName, invalid)).request("/use?config=schema"));
        expect(body.data).toEqual({});
        expect(errors.map((e) => e.code)).toEqual(["ERR_SESSION_SCHEMA"]);
      });
    });

    describe("clear()", () => {
      it("expires the cookie (Max-Age=0)", async () => {
        const c = client();
        await c.request("/update", { body: { a: 1 } });
        const response = await c.request("/clear");
        const [cookie] = cookiesOf(response);
        expect(cookie).toMatch(new RegExp(`^${sessionName}=;`));
        expect(cookie).toContain("Max-Age=0");
        expect(c.jar.names()).toEqual([]);
      });

      it("clearSession() does the same", async () => {
        const c = client();
        await c.request("/update", { body: { a: 1 } });
        await c.request("/clear-session");
        expect(c.jar.names()).toEqual([]);
      });

      it("then update() starts a new, empty session and never resurrects the old one", async () => {
        const c = client();
        const old = await json(await c.request("/update", { body: { secret: "old" } }));
        const response = await json(await c.request("/clear-update"));
        expect(response.before).toBe(old.id);
        expect(response.id).not.toBe(old.id);
        expect(response.data).toEqual({ fresh: true });
        expect((await json(await c.request("/use"))).data).toEqual({ fresh: true });
      });
    });

    describe("regenerate()", () => {
      it("gives a new id and createdAt with the same data, replacing the cookie", async () => {
        const c = client();
        const old = await json(await c.request("/update", { body: { user: "ada" } }));
        const response = await c.request("/regenerate");
        const body = await json(response);
        expect(body.before).toBe(old.id);
        expect(body.id).not.toBe(old.id);
        expect(body.data).toEqual({ user: "ada" });
        expect(cookiesOf(response)).toHaveLength(1);
        expect((await json(await c.request("/use"))).id).toBe(body.id);
      });
    });

    describe("commit()", () => {
      it("reseals data changed directly, and only then", async () => {
        const c = client();
        await c.request("/use");
        const changed = await c.request("/commit", { body: { direct: true } });
        expect((await json(changed)).committed).toBe(true);
        expect(cookiesOf(changed)).toHaveLength(1);
        const unchanged = await c.request("/commit", { body: { direct: true } });
        expect((await json(unchanged)).committed).toBe(false);
        expect(cookiesOf(unchanged)).toEqual([]);
        expect((await json(await c.request("/use"))).data).toEqual({ direct: true });
      });
    });

    describe("flash()", () => {
      it("keeps a value for exactly one read", async () => {
        const c = client();
        await c.request("/flash", { body: { notice: "Signed in" } });
        expect(await json(await c.request("/consume-flash"))).toEqual({ notice: "Signed in" });
        expect(await json(await c.request("/consume-flash"))).toEqual({ notice: null });
      });
    });

    describe("expiry", () => {
      it("maxAge: a session older than maxAge is replaced by a fresh one; Expires is createdAt + maxAge", async () => {
        errors.length = 0;
        const old = await seal(record({ createdAt: Date.now() - 61_000 }), secrets.password);
        const body = await json(await client(new CookieJar().set(sessionName, old)).request("/use?config=maxAge"));
        expect(body.data).toEqual({});
        expect(errors.map((e) => e.code)).toEqual(["ERR_SESSION_EXPIRED"]);
        const c = client();
        const response = await c.request("/use?config=maxAge");
        const created = await json(response);
        const expires = Date.parse(/Expires=([^;]+)/.exec(cookiesOf(response)[0] ?? "")?.[1] ?? "");
        expect(Math.abs(expires - (created.createdAt + 60_000))).toBeLessThan(1000);
      });

      it("idleTimeout: reseals past half the window, not before, and expires after it", async () => {
        const recent = await seal(record({ lastSeenAt: Date.now() - 10_000 }), secrets.password);
        const quiet = await client(new CookieJar().set(sessionName, recent)).request("/use?config=idle");
        expect(cookiesOf(quiet)).toEqual([]);
        const halfway = await seal(record({ lastSeenAt: Date.now() - 40_000 }), secrets.password);
        const slid = await client(new CookieJar().set(sessionName, halfway)).request("/use?config=idle");
        expect((await json(slid)).data).toEqual({ crafted: true });
        const [cookie] = cookiesOf(slid);
        const expires = Date.parse(/Expires=([^;]+)/.exec(cookie ?? "")?.[1] ?? "");
        expect(Math.abs(expires - (Date.now() + 60_000))).toBeLessThan(2000);
        errors.length = 0;
        const idle = await seal(record({ lastSeenAt: Date.now() - 61_000 }), secrets.password);
        expect((await json(await client(new CookieJar().set(sessionName, idle)).request("/use?config=idle"))).data).toEqual({});
        expect(errors.map((e) => e.code)).toEqual(["ERR_SESSION_EXPIRED"]);
      });
    });

    describe("tokens from elsewhere", () => {
      const legacy = { encryption: { iterations: 1 }, integrity: { iterations: 1 } };

      it("accepts a 1-iteration legacy token and reseals it at 8192", async () => {
        const c = client(new CookieJar().set(sessionName, await seal(record({ id: "legacy" }), secrets.password, legacy)));
        const response = await c.request("/use");
        expect((await json(response)).id).toBe("legacy");
        expect(cookiesOf(response)).toHaveLength(1);
        const resealed = await client(new CookieJar().set(sessionName, c.jar.get(sessionName) ?? "")).request("/use?config=strict");
        expect((await json(resealed)).id).toBe("legacy");
      });

      it("refuses legacy tokens with legacySealFallback: false", async () => {
        const c = client(new CookieJar().set(sessionName, await seal(record({ id: "legacy" }), secrets.password, legacy)));
        expect((await json(await c.request("/use?config=strict"))).id).not.toBe("legacy");
      });

      it("accepts a token of an older password id and reseals it with the current one", async () => {
        const old = await seal(record({ id: "rotated" }), { id: "1", secret: secrets.oldPassword });
        const c = client(new CookieJar().set(sessionName, old));
        const response = await c.request("/use?config=rotation");
        expect((await json(response)).id).toBe("rotated");
        expect(c.jar.get(sessionName)?.split("*")[1]).toBe("2");
      });

      it("reads h3-style chunked cookies", async () => {
        const token = await seal(record({ id: "chunked", data: { blob: "y".repeat(3000) } }), secrets.password);
        const half = Math.ceil(token.length / 2);
        const jar = new CookieJar()
          .set(sessionName, "__chunked__2")
          .set(`${sessionName}.1`, token.slice(0, half))
          .set(`${sessionName}.2`, token.slice(half));
        expect((await json(await client(jar).request("/use"))).id).toBe("chunked");
      });
    });

    describe("header clients", () => {
      it("get a resealed token back in the x-<name>-session response header", async () => {
        const token = await seal(record({ id: "header-client" }), secrets.password);
        const response = await client().request("/update", { body: { viaHeader: true }, headers: { [`x-${sessionName}-session`]: token } });
        const next = response.headers.get(`x-${sessionName}-session`);
        expect(next).toMatch(/^Fe26\.2\*/);
        const again = await client().request("/use", { headers: { [`x-${sessionName}-session`]: next ?? "" } });
        expect(await json(again)).toMatchObject({ id: "header-client", data: { crafted: true, viaHeader: true } });
      });

      it("work with cookie: false, sealing through sealSession()", async () => {
        const first = await client().request("/seal?config=headerOnly");
        expect(cookiesOf(first)).toEqual([]);
        const { token } = await json(first);
        const response = await client().request("/update?config=headerOnly", {
          body: { n: 1 },
          headers: { [`x-${sessionName}-session`]: token },
        });
        expect(cookiesOf(response)).toEqual([]);
        const next = response.headers.get(`x-${sessionName}-session`) ?? "";
        expect(await json(await client().request("/unseal?config=headerOnly", { body: { token: next } }))).toMatchObject({
          data: { n: 1 },
        });
      });
    });

    describe("size", () => {
      it("splits a value over chunkMaxLength into h3's chunks, reads them back, and expires stale chunks when it shrinks", async () => {
        const c = client();
        const big = await c.request("/update", { body: { blob: "x".repeat(7000) } });
        const names = cookiesOf(big).map((cookie) => cookie.slice(0, cookie.indexOf("=")));
        expect(names).toEqual([sessionName, `${sessionName}.1`, `${sessionName}.2`, `${sessionName}.3`]);
        expect(cookiesOf(big)[0]).toMatch(new RegExp(`^${sessionName}=__chunked__3;`));
        expect(((await json(await c.request("/use"))).data.blob as string).length).toBe(7000);
        const small = await c.request("/update", { body: { blob: "small" } });
        expect(cookiesOf(small).filter((cookie) => cookie.includes("Max-Age=0"))).toHaveLength(3);
        expect(c.jar.names()).toEqual([sessionName]);
        expect((await json(await c.request("/use"))).data.blob).toBe("small");
      });

      it("clear() expires every chunk", async () => {
        const c = client();
        await c.request("/update", { body: { blob: "x".repeat(7000) } });
        expect(c.jar.names()).toHaveLength(4);
        await c.request("/clear");
        expect(c.jar.names()).toEqual([]);
      });

      it("refuses a session too large for the browser with ERR_SESSION_TOO_LARGE, changing no header", async () => {
        const c = client();
        await c.request("/update?config=small", { body: { keep: "me" } });
        const before = c.jar.get(sessionName);
        const response = await c.request("/try-update?config=small", { body: { blob: "z".repeat(8000) } });
        expect(await json(response)).toEqual({ error: "ERR_SESSION_TOO_LARGE" });
        expect(cookiesOf(response)).toEqual([]);
        expect(c.jar.get(sessionName)).toBe(before);
        expect((await json(await c.request("/use?config=small"))).data).toEqual({ keep: "me" });
      });
    });

    describe("error responses", () => {
      it("carry the session cookie when the handler throws after update()", async () => {
        const c = client();
        const response = await c.request("/throw-after-update", { body: { saved: "anyway" } });
        expect(response.status).toBeGreaterThanOrEqual(500);
        expect(cookiesOf(response)).toHaveLength(1);
        expect((await json(await c.request("/use"))).data).toEqual({ saved: "anyway" });
      });

      it("carry the expiry of a cleared session, chunks included", async () => {
        const c = client();
        await c.request("/update", { body: { blob: "x".repeat(7000) } });
        const response = await c.request("/throw-after-clear");
        expect(response.status).toBeGreaterThanOrEqual(500);
        expect(c.jar.names()).toEqual([]);
      });
    });

    describe("sealSession() and unsealSession()", () => {
      it("seal this request's session, and unseal a token into a record", async () => {
        const c = client();
        const created = await json(await c.request("/update", { body: { a: 1 } }));
        const { token } = await json(await c.request("/seal"));
        expect(await json(await c.request("/unseal", { body: { token } }))).toMatchObject({ id: created.id, data: { a: 1 } });
        expect(await json(await c.request("/unseal", { body: { token: "junk" } }))).toEqual({ error: "ERR_SEAL_MALFORMED" });
      });
    });

    describe("isolation", () => {
      it("20 concurrent clients each keep their own session", async () => {
        const clients = Array.from({ length: 20 }, () => client());
        await Promise.all(clients.map((c, i) => c.request("/update", { body: { owner: i } })));
        for (let round = 0; round < 2; round++) await Promise.all(clients.map((c) => c.request("/update-fn")));
        const results = await Promise.all(clients.map(async (c) => (await json(await c.request("/use"))).data));
        expect(results).toEqual(clients.map((_, i) => ({ owner: i, count: 2 })));
      });
    });
  });
}

function randomSecret(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}
