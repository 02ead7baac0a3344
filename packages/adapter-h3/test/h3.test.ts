// h3's own session behaviours, checked against this adapter on h3 v2 and v1.
import { parseToken, type SessionConfig, seal, unseal } from "@sealed-session/core";
import { CookieJar, describeCsrfMiddleware, serveNode } from "@sealed-session/testing";
import { H3 } from "h3";
import { createApp, eventHandler, readBody, toNodeListener } from "h3-v1";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { clearSession, useSession, verifyCsrf } from "../src/index";
import { type App, h3Versions } from "./_apps";

const password = "h3-adapter-test-password-0123456789abcdef";
let ids = 0;
const base: SessionConfig = { password, generateId: () => `id-${++ids}` };
const configs: Record<string, SessionConfig> = {
  base,
  strict: { ...base, cookie: { sameSite: "strict" } },
  noFallback: { ...base, legacySealFallback: false },
  idle: { ...base, idleTimeout: 60 },
  capped: { ...base, idleTimeout: 60, maxAge: 100 },
};
const pick = (path: string) =>
  configs[new URL(path, "http://x").searchParams.get("config") ?? "base"] as SessionConfig;
const setCookies = (response: Response) => response.headers.getSetCookie();
const tokenOf = (cookie: string | undefined) =>
  decodeURIComponent(cookie?.slice(cookie.indexOf("=") + 1, cookie.indexOf(";")) ?? "");
const expiresOf = (cookie: string | undefined) =>
  Date.parse(/Expires=([^;]+)/.exec(cookie ?? "")?.[1] ?? "");

describe.each(h3Versions)("%s", (_, build) => {
  let app: App;
  beforeAll(async () => {
    const v2Path = (event: unknown) => {
      const e = event as { url?: URL; path?: string };
      return e.url ? `${e.url.pathname}${e.url.search}` : (e.path ?? "/");
    };
    const withConfig =
      (
        fn: (
          config: SessionConfig,
          event: Parameters<typeof useSession>[0],
          body: unknown,
        ) => unknown,
      ) =>
      (event: Parameters<typeof useSession>[0], body: unknown) =>
        fn(pick(v2Path(event)), event, body);
    app = await build({
      "/": withConfig(async (config, event, body) => {
        const session = await useSession(event, config);
        if (body) await session.update(body as Record<string, unknown>);
        return { id: session.id, data: session.data };
      }),
      "/concurrent": withConfig(async (config, event) => {
        const sessions = await Promise.all([1, 2, 3].map(() => useSession(event, config)));
        return sessions.map((s) => ({ id: s.id, data: s.data }));
      }),
      "/clear": withConfig(async (config, event) => {
        await clearSession(event, config);
        return { cleared: true };
      }),
      "/update-then-throw": withConfig(async (config, event, body) => {
        await (await useSession(event, config)).update(body as Record<string, unknown>);
        throw new Error("after update");
      }),
      "/clear-then-throw": withConfig(async (config, event) => {
        await clearSession(event, config);
        throw new Error("after clear");
      }),
    });
  });
  afterAll(() => app.close());
  afterEach(() => vi.useRealTimers());

  const send = (
    path: string,
    jar: CookieJar,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    app
      .fetch(path, {
        method: init.body === undefined ? "GET" : "POST",
        headers: {
          ...init.headers,
          ...(jar.header() ? { cookie: jar.header() } : {}),
          "content-type": "application/json",
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      })
      .then((response) => {
        jar.take(response);
        return response;
      });

  it("initiates a session with one Set-Cookie named h3, and gets it back", async () => {
    const jar = new CookieJar();
    const first = await send("/", jar);
    expect(setCookies(first)).toHaveLength(1);
    expect(setCookies(first)[0]).toMatch(/^h3=Fe26\.2\*/);
    const { id } = (await first.json()) as { id: string };
    expect(await (await send("/", jar)).json()).toEqual({ id, data: {} });
  });

  it("shares one session between concurrent useSession calls", async () => {
    const jar = new CookieJar();
    await send("/", jar, { body: { foo: "bar" } });
    const sessions = (await (await send("/concurrent", jar)).json()) as Array<{
      id: string;
      data: unknown;
    }>;
    expect(new Set(sessions.map((s) => s.id)).size).toBe(1);
    expect(sessions.map((s) => s.data)).toEqual([{ foo: "bar" }, { foo: "bar" }, { foo: "bar" }]);
  });

  it("lets config.cookie override SameSite and keeps the other secure defaults", async () => {
    const [cookie] = setCookies(await send("/?config=strict", new CookieJar()));
    expect(cookie).toContain("SameSite=Strict");
    for (const attribute of ["Path=/", "HttpOnly", "Secure"]) expect(cookie).toContain(attribute);
  });

  it("clearSession sets Max-Age=0", async () => {
    const jar = new CookieJar();
    await send("/", jar, { body: { a: 1 } });
    const [cookie] = setCookies(await send("/clear", jar));
    expect(cookie).toMatch(/^h3=;/);
    expect(cookie).toContain("Max-Age=0");
  });

  it("unseals a legacy 1-iteration session and reseals it at 8192", async () => {
    const legacy = await seal(
      { id: "legacy", createdAt: Date.now(), data: { foo: "legacy" } },
      password,
      {
        encryption: { iterations: 1 },
        integrity: { iterations: 1 },
      },
    );
    const response = await send("/", new CookieJar().set("h3", legacy));
    expect(await response.json()).toEqual({ id: "legacy", data: { foo: "legacy" } });
    expect(setCookies(response)).toHaveLength(1);
    expect(await unseal(tokenOf(setCookies(response)[0]), password)).toMatchObject({
      id: "legacy",
      data: { foo: "legacy" },
    });
  });

  it("refuses legacy sessions with legacySealFallback: false", async () => {
    const legacy = await seal(
      { id: "legacy", createdAt: Date.now(), data: { foo: "legacy" } },
      password,
      {
        encryption: { iterations: 1 },
        integrity: { iterations: 1 },
      },
    );
    const body = (await (
      await send("/?config=noFallback", new CookieJar().set("h3", legacy))
    ).json()) as { id: string; data: unknown };
    expect(body.id).not.toBe("legacy");
    expect(body.data).toEqual({});
  });

  it("idleTimeout: slides at most once per half window", async () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ["Date"] });
    const start = Date.now();
    const jar = new CookieJar();
    await send("/?config=idle", jar);
    const reseals: number[] = [];
    for (let second = 10; second <= 90; second += 10) {
      vi.setSystemTime(start + second * 1000);
      if (setCookies(await send("/?config=idle", jar)).length > 0) reseals.push(second);
    }
    expect(reseals).toEqual([40, 80]);
  });

  it("maxAge caps a sliding session: Expires never passes createdAt + maxAge", async () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ["Date"] });
    const start = Date.now();
    const jar = new CookieJar();
    await send("/?config=capped", jar);
    vi.setSystemTime(start + 40_000);
    await send("/?config=capped", jar);
    vi.setSystemTime(start + 80_000);
    const [cookie] = setCookies(await send("/?config=capped", jar, { body: { still: "here" } }));
    expect(Math.abs(expiresOf(cookie) - (start + 100_000))).toBeLessThan(1000);
    vi.setSystemTime(start + 101_000);
    expect(((await (await send("/?config=capped", jar)).json()) as { data: unknown }).data).toEqual(
      {},
    );
  });

  it("header sessions keep their hard expiry when resealed", async () => {
    const createdAt = Date.now() - 70_000;
    const token = await seal(
      { id: "header", createdAt, lastSeenAt: Date.now() - 40_000, data: { via: "header" } },
      password,
    );
    const response = await send("/?config=capped", new CookieJar(), {
      headers: { "x-h3-session": token },
    });
    expect(await response.json()).toEqual({ id: "header", data: { via: "header" } });
    const resealed = response.headers.get("x-h3-session") as string;
    // Slid, but the token still ends at createdAt + maxAge (sooner than now + idleTimeout).
    expect(parseToken(resealed).expiration).toBe(createdAt + 100_000);
  });

  it("keeps cookies on error responses: chunks of an update, and a cleared session", async () => {
    const jar = new CookieJar();
    const failed = await send("/update-then-throw", jar, { body: { token: "x".repeat(5000) } });
    expect(failed.status).toBe(500);
    expect(setCookies(failed).map((c) => c.slice(0, c.indexOf("=")))).toEqual([
      "h3",
      "h3.1",
      "h3.2",
    ]);
    expect(
      ((await (await send("/", jar)).json()) as { data: { token: string } }).data.token,
    ).toHaveLength(5000);
    const cleared = await send("/clear-then-throw", jar);
    expect(cleared.status).toBe(500);
    expect(setCookies(cleared).every((c) => c.includes("Max-Age=0"))).toBe(true);
    expect(jar.names()).toEqual([]);
  });

  it("stores large data in chunks: h3, h3.1, h3.2", async () => {
    const jar = new CookieJar();
    await send("/", jar);
    const response = await send("/", jar, { body: { token: "x".repeat(5000) } });
    expect(setCookies(response).map((c) => c.slice(0, c.indexOf("=")))).toEqual([
      "h3",
      "h3.1",
      "h3.2",
    ]);
    expect(((await response.json()) as { data: { token: string } }).data.token).toBe(
      "x".repeat(5000),
    );
  });
});

describeCsrfMiddleware("h3 v2 verifyCsrf()", async () => {
  const config = { password: CSRF_PASSWORD };
  const app = new H3({ silent: true })
    .get("/csrf/form", async (event) => ({
      token: await (await useSession(event, config)).csrfToken(),
    }))
    .post("/csrf/save", async (event) => {
      await verifyCsrf(event, config);
      return { saved: (await event.req.formData()).get("note") };
    });
  return { fetch: async (path, init) => app.request(path, init) };
});

describeCsrfMiddleware("h3 v1 verifyCsrf()", async () => {
  const config = { password: CSRF_PASSWORD };
  const app = createApp({ onError: () => {} });
  app.use(
    "/csrf/form",
    eventHandler(async (event) => ({ token: await (await useSession(event, config)).csrfToken() })),
  );
  app.use(
    "/csrf/save",
    eventHandler(async (event) => {
      const body = (await readBody(event)) as { _csrf?: string; note?: string };
      await verifyCsrf(event, config, body._csrf);
      return { saved: body.note };
    }),
  );
  return serveNode(toNodeListener(app));
});

const CSRF_PASSWORD = "h3-csrf-test-password-0123456789abcdefgh";

describe("verifyCsrf()", () => {
  it("refuses as a handled HTTP error: 403, the session's code in its data, not logged as a crash", async () => {
    const seen: unknown[] = [];
    const config = { password: CSRF_PASSWORD };
    const app = new H3({
      onError: (error) => {
        seen.push({ unhandled: error.unhandled, status: error.status });
      },
    }).post("/x", async (event) => {
      await verifyCsrf(event, config);
      return "x";
    });
    const response = await app.request("/x", { method: "POST" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      data: { code: "ERR_SESSION_CSRF", reason: "missing" },
    });
    expect(seen).toEqual([{ unhandled: false, status: 403 }]);
  });
});
