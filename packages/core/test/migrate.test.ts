// `migrateFrom: [{ from: "iron-session" }]`, against cookies written by the
// real iron-session 9.0.1 and 8.0.4 (from npm), through the Web binding.
import { parseSetCookie } from "cookie-es";
import { getIronSession, sealData } from "iron-session";
import { sealData as sealData8 } from "iron-session-8";
import { describe, expect, it } from "vitest";
import { type SessionExchange, useSession } from "../src/adapter";
import {
  defaultKeyCache,
  type SessionConfig,
  type SessionEvent,
  seal,
  useWebSession,
} from "../src/index";
import { codeOf, PASSWORD, PASSWORD_2 } from "./_helpers";

const IRON_1 = "iron-session-password-number-one-0123456789";
const IRON_2 = "iron-session-password-number-two-0123456789";
const ONE = { iterations: 1 };

/** A browser's cookie jar: `Set-Cookie` values applied, `Max-Age=0` deletes. */
class Jar {
  readonly cookies = new Map<string, string>();
  constructor(header = "") {
    for (const pair of header.split("; ").filter(Boolean)) {
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  apply(setCookies: readonly string[]): this {
    for (const line of setCookies) {
      const cookie = parseSetCookie(line);
      if (!cookie) throw new Error(`unparsable Set-Cookie: ${line}`);
      if (cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return this;
  }
  get header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** The cookies iron-session 9 writes for `data` through its Web jar (`getIronSession(request, response, options)`). */
async function ironCookies(data: Record<string, unknown>, options: object): Promise<Jar> {
  const response = new Response(null);
  const session = await getIronSession<Record<string, unknown>>(
    new Request("http://localhost/"),
    response,
    { ttl: 14 * 24 * 3600, ...options } as never,
  );
  Object.assign(session, data);
  await session.save();
  return new Jar().apply(response.headers.getSetCookie());
}

/** One request with `jar`'s cookies: the session, and the jar after its response. */
async function visit(jar: Jar, config: SessionConfig) {
  const request = new Request("http://localhost/", { headers: { cookie: jar.header } });
  const session = await useWebSession(request, config);
  const response = session.applyTo(new Response("ok"));
  const setCookies = response.headers.getSetCookie();
  return { session, setCookies, jar: new Jar(jar.header).apply(setCookies) };
}

const base = { name: "app", password: PASSWORD, migrateFrom: [{ from: "iron-session" }] } as const;

describe("migrateFrom iron-session", () => {
  it("takes over an iron-session 9 cookie under the same name and password, and reseals it as ours", async () => {
    const iron = await ironCookies(
      { user: "ada", roles: ["admin"] },
      { cookieName: "app", password: PASSWORD },
    );
    expect(iron.cookies.get("app")).toMatch(/^Fe26\.2\*1\*.*~2$/);
    const events: SessionEvent[] = [];
    const first = await visit(iron, { ...base, telemetry: (event) => events.push(event) });
    expect(first.session.data).toEqual({ user: "ada", roles: ["admin"] });
    expect(first.session.id).toMatch(/^[0-9a-f-]{36}$/);
    const ours = first.jar.cookies.get("app");
    expect(ours).toMatch(/^Fe26\.2\*\*/);
    expect(ours).not.toContain("~");
    expect(
      events.map((e) => [e.type, "reseal" in e ? e.reseal : "reason" in e ? e.reason : ""]),
    ).toEqual([
      ["read", "migrated"],
      ["write", "migrated"],
    ]);
    expect(events[0]).toMatchObject({ from: "iron-session", passwordId: "1" });
    // The next request reads ours: same session, nothing written.
    const second = await visit(first.jar, base);
    expect(second.session.id).toBe(first.session.id);
    expect(second.session.data).toEqual({ user: "ada", roles: ["admin"] });
    expect(second.setCookies).toEqual([]);
  });

  it("reads chunk: true cookies (name.0 … name.3) and leaves only ours in the jar", async () => {
    const big = { blob: "x".repeat(9000) };
    const iron = await ironCookies(big, { cookieName: "app", password: PASSWORD, chunk: true });
    expect([...iron.cookies.keys()]).toEqual(["app.0", "app.1", "app.2", "app.3"]);
    const first = await visit(iron, base);
    expect(first.session.data).toEqual(big);
    // Ours is `app` = __chunked__N with app.1…app.N: app.0 is expired, app.1/app.2 rewritten.
    expect(first.jar.cookies.has("app.0")).toBe(false);
    expect(first.jar.cookies.get("app")).toMatch(/^__chunked__\d$/);
    const second = await visit(first.jar, base);
    expect(second.session.data).toEqual(big);
    expect(second.session.id).toBe(first.session.id);
  });

  it("expires stale chunks iron-session left beside the ones it read", async () => {
    const iron = await ironCookies(
      { blob: "y".repeat(5000) },
      {
        cookieName: "app",
        password: PASSWORD,
        chunk: true,
      },
    );
    iron.cookies.set("app.3", "stale-chunk");
    const first = await visit(iron, base);
    expect(first.session.data).toEqual({ blob: "y".repeat(5000) });
    expect(first.jar.cookies.has("app.3")).toBe(false);
    expect(first.jar.cookies.has("app.0")).toBe(false);
  });

  it("takes over an iron-session 8 cookie under another name and a password map, expiring it", async () => {
    const token = await sealData8({ userId: 7 }, { password: { 1: IRON_1, 2: IRON_2 }, ttl: 3600 });
    expect(token).toMatch(/^Fe26\.2\*2\*.*~2$/);
    const config: SessionConfig = {
      name: "app",
      password: PASSWORD_2,
      migrateFrom: [
        { from: "iron-session", cookieName: "old", password: { 1: IRON_1, 2: IRON_2 } },
      ],
    };
    const first = await visit(new Jar(`theme=dark; old=${token}`), config);
    expect(first.session.data).toEqual({ userId: 7 });
    expect(
      first.setCookies.some((line) => line.startsWith("old=;") && /Max-Age=0/.test(line)),
    ).toBe(true);
    expect([...first.jar.cookies.keys()].sort()).toEqual(["app", "theme"]);
    // A token of password id 1 (before the rotation) is read too.
    const older = await sealData8({ userId: 8 }, { password: { 1: IRON_1 }, ttl: 3600 });
    expect((await visit(new Jar(`old=${older}`), config)).session.data).toEqual({ userId: 8 });
  });

  it("reads a token iron-session 9 sealed with its default ttl under a string password", async () => {
    const token = await sealData({ cart: [1, 2] }, { password: PASSWORD });
    expect((await visit(new Jar(`app=${token}`), base)).session.data).toEqual({ cart: [1, 2] });
  });

  it("refuses a forged, an expired or a foreign cookie: a fresh session, onError told, no write", async () => {
    const token = await sealData({ user: "ada" }, { password: PASSWORD, ttl: 3600 });
    const [head, mac] = [
      token.slice(0, token.lastIndexOf("*") + 1),
      token.slice(token.lastIndexOf("*") + 1),
    ];
    const forged = `${head}${mac.startsWith("A") ? "B" : "A"}${mac.slice(1)}`;
    const expired = await sealData({ user: "ada" }, { password: PASSWORD, ttl: 1 });
    const foreign = await sealData({ user: "ada" }, { password: IRON_1, ttl: 3600 });
    const cases: Array<[string, string]> = [
      [forged, "ERR_SEAL_MAC"],
      [foreign, "ERR_SEAL_MAC"],
      [`${token.slice(0, 40)}~2`, "ERR_SEAL_MALFORMED"],
    ];
    await new Promise((resolve) => setTimeout(resolve, 1100));
    cases.push([expired, "ERR_SEAL_EXPIRED"]);
    for (const [cookie, code] of cases) {
      const codes: string[] = [];
      const { session, setCookies } = await visit(new Jar(`app=${cookie}`), {
        ...base,
        seal: { timestampSkewSec: 0 },
        lazy: true,
        onError: (error) => codes.push(error.code),
      });
      expect(session.data).toEqual({});
      expect(codes).toEqual([code]);
      expect(setCookies).toEqual([]);
    }
  });

  it("caches no key of an old cookie: each is read once, its keys would only crowd the session's out", async () => {
    await visit(new Jar(), base); // the session's own keys, cached
    const before = defaultKeyCache.size.keys;
    for (let i = 0; i < 20; i++) {
      // iron-session draws fresh salts for every token: keys of their own.
      const token = await sealData({ n: i }, { password: PASSWORD, ttl: 3600 });
      expect((await visit(new Jar(`app=${token}`), base)).session.data).toEqual({ n: i });
    }
    expect(defaultKeyCache.size.keys).toBe(before);
  });

  it("never takes a refused token of ours for iron-session's: an expired session stays expired", async () => {
    // Sealed as this library seals at 1 iteration, the same password, past maxAge.
    const old = { id: "s1", createdAt: Date.now() - 7200_000, data: { user: "ada" } };
    const token = await seal(old, PASSWORD, { encryption: ONE, integrity: ONE });
    const codes: string[] = [];
    const { session, setCookies } = await visit(new Jar(`app=${token}`), {
      ...base,
      maxAge: 3600,
      lazy: true,
      onError: (error) => codes.push(error.code),
    });
    expect(session.data).toEqual({});
    expect(codes).toEqual(["ERR_SESSION_EXPIRED"]);
    expect(setCookies).toEqual([]);
  });

  it("leaves an old cookie alone when the request carries a session of ours", async () => {
    const ours = await visit(new Jar(), base);
    await ours.session.update({ user: "grace" });
    const jar = new Jar(
      ours.session.applyTo(new Response()).headers.getSetCookie()[0]?.split(";")[0],
    );
    const iron = await sealData({ user: "ada" }, { password: PASSWORD });
    jar.cookies.set("old", iron);
    const next = await visit(jar, {
      ...base,
      migrateFrom: [{ from: "iron-session", cookieName: "old" }],
    });
    expect(next.session.data).toEqual({ user: "grace" });
    expect(next.setCookies).toEqual([]);
  });

  it("reads on a read-only exchange (a server component) and writes nothing", async () => {
    const token = await sealData({ user: "ada" }, { password: PASSWORD });
    const staged: unknown[] = [];
    const exchange: SessionExchange = {
      key: {},
      readOnly: true,
      getRequestHeader: (name) => (name === "cookie" ? `app=${token}` : undefined),
      stage: (...args) => staged.push(args),
    };
    const session = await useSession(exchange, base);
    expect(session.data).toEqual({ user: "ada" });
    await expect(session.update({ user: "bob" })).rejects.toMatchObject({
      code: "ERR_SESSION_READ_ONLY",
    });
    expect(staged).toEqual([]);
  });

  it("keeps a __proto__ key as data, never as the data's prototype", async () => {
    const token = await sealData(JSON.parse('{"__proto__":{"admin":true},"user":"ada"}'), {
      password: PASSWORD,
    });
    const { session, jar } = await visit(new Jar(`app=${token}`), base);
    expect(Object.getPrototypeOf(session.data)).toBe(Object.prototype);
    expect((session.data as { admin?: unknown }).admin).toBeUndefined();
    expect((await visit(jar, base)).session.data.user).toBe("ada");
  });

  it("holds migrated data to the schema: refused data gives a fresh session", async () => {
    const token = await sealData({ user: 42 }, { password: PASSWORD });
    const codes: string[] = [];
    const schema = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: (value: unknown) =>
          typeof (value as { user?: unknown }).user === "string"
            ? { value: value as Record<string, unknown> }
            : { issues: [{ message: "user must be a string" }] },
      },
    };
    const { session } = await visit(new Jar(`app=${token}`), {
      ...base,
      schema,
      onError: (error) => codes.push(error.code),
    });
    expect(session.data).toEqual({});
    expect(codes).toEqual(["ERR_SESSION_SCHEMA"]);
  });

  it("fails at start-up on an unknown source, a bad cookie name, a weak password, no cookie, or a source's secrets missing", async () => {
    const request = () => new Request("http://localhost/");
    const attempts: SessionConfig[] = [
      { password: PASSWORD, migrateFrom: [{ from: "express-session" } as never] },
      { password: PASSWORD, migrateFrom: { from: "iron-session" } as never },
      { password: PASSWORD, migrateFrom: [{ from: "iron-session", cookieName: "a b" }] },
      { password: PASSWORD, migrateFrom: [{ from: "iron-session", password: "short" }] },
      { password: PASSWORD, cookie: false, migrateFrom: [{ from: "iron-session" }] },
      // React Router's cookies are signed, not sealed: without its secrets anyone could write one.
      { password: PASSWORD, migrateFrom: [{ from: "react-router" } as never] },
      { password: PASSWORD, migrateFrom: [{ from: "react-router", secrets: [] }] },
      { password: PASSWORD, migrateFrom: [{ from: "react-router", secrets: [""] }] },
      // svelte-kit-cookie-session keys AES-256 with the secret's own bytes: exactly 32.
      { password: PASSWORD, migrateFrom: [{ from: "svelte-kit-cookie-session" } as never] },
      { password: PASSWORD, migrateFrom: [{ from: "svelte-kit-cookie-session", secret: "short" }] },
      { password: PASSWORD, migrateFrom: [{ from: "toString" } as never] },
    ];
    const codes = [];
    for (const config of attempts)
      codes.push(await useWebSession(request(), config).then(() => "resolved", codeOf));
    expect(codes).toEqual([
      "ERR_OPTIONS_INVALID",
      "ERR_OPTIONS_INVALID",
      "ERR_OPTIONS_INVALID",
      "ERR_PASSWORD_SHORT",
      "ERR_OPTIONS_INVALID",
      "ERR_OPTIONS_INVALID",
      "ERR_OPTIONS_INVALID",
      "ERR_OPTIONS_INVALID",
      "ERR_OPTIONS_INVALID",
      "ERR_OPTIONS_INVALID",
      "ERR_OPTIONS_INVALID",
    ]);
  });
});
