import { H3, useSession as h3UseSession } from "h3";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  getSession,
  openSessionNow,
  resolveSessionConfig,
  restageByName,
  type SessionExchange,
  type StagedSession,
  settleSessions,
  useSession,
} from "../src/adapter";
import {
  defaultKeyCache,
  OptionsInvalidError,
  PasswordMissingError,
  PasswordShortError,
  parseToken,
  SealDataError,
  type SessionConfig,
  SessionReadOnlyError,
  SessionTooLargeError,
  seal,
  unseal,
  useWebSession,
} from "../src/index";
import { crypto as provider } from "../src/seal/provider";
import { PASSWORD, PASSWORD_2 } from "./_helpers";

/** An exchange over plain values: what an adapter would fill in from its framework. */
class FakeExchange implements SessionExchange {
  readonly key = {};
  cookies: readonly string[] = [];
  readonly headers = new Map<string, string>();
  constructor(readonly requestHeaders: Record<string, string> = {}) {}
  getRequestHeader(name: string) {
    return this.requestHeaders[name];
  }
  stage(name: string, staged: StagedSession) {
    // What an adapter does: this session's cookies (main and chunks) replaced, the others kept.
    const mine = (cookie: string) =>
      cookie.startsWith(`${name}=`) || new RegExp(`^${name}\\.\\d+=`).test(cookie);
    if (staged.setCookies)
      this.cookies = [...this.cookies.filter((cookie) => !mine(cookie)), ...staged.setCookies];
    if (staged.header) this.headers.set(staged.header[0], staged.header[1]);
  }
}

const tokenOf = (setCookie: string | undefined) =>
  setCookie?.slice(setCookie.indexOf("=") + 1, setCookie.indexOf(";")) ?? "";
const config = (extra: Partial<SessionConfig> = {}): SessionConfig => ({
  password: PASSWORD,
  ...extra,
});

afterEach(() => vi.useRealTimers());

describe("session config", () => {
  it.each([
    ["no password", {}, PasswordMissingError, /sealed-session gen-password/],
    ["a short password", { password: "short" }, PasswordShortError, /at least 32/],
    [
      "a bad name",
      { password: PASSWORD, name: "my session" },
      OptionsInvalidError,
      /Invalid session name/,
    ],
    [
      "a chunk too long for a browser",
      { password: PASSWORD, cookie: { chunkMaxLength: 5000 } },
      OptionsInvalidError,
      /4096/,
    ],
    [
      "SameSite=None without Secure",
      { password: PASSWORD, cookie: { sameSite: "none", secure: false } },
      OptionsInvalidError,
      /Secure/,
    ],
    ["a negative maxAge", { password: PASSWORD, maxAge: -1 }, OptionsInvalidError, /seconds/],
    [
      "maxAge in milliseconds",
      { password: PASSWORD, maxAge: 7 * 24 * 3600 * 1000 },
      OptionsInvalidError,
      /milliseconds/,
    ],
    [
      "a maxAge past 400 days",
      { password: PASSWORD, maxAge: 401 * 86_400 },
      OptionsInvalidError,
      /400 days/,
    ],
    [
      "an infinite maxAge",
      { password: PASSWORD, maxAge: Number.POSITIVE_INFINITY },
      OptionsInvalidError,
      /seconds/,
    ],
    [
      "an idleTimeout past 400 days",
      { password: PASSWORD, idleTimeout: 1e12 },
      OptionsInvalidError,
      /400 days/,
    ],
    [
      "cookie.maxAge 0",
      { password: PASSWORD, cookie: { maxAge: 0 } },
      OptionsInvalidError,
      /deletes the cookie/,
    ],
    [
      "a negative cookie.maxAge",
      { password: PASSWORD, cookie: { maxAge: -1 } },
      OptionsInvalidError,
      /more than 0/,
    ],
    [
      "cookie.maxAge in milliseconds",
      { password: PASSWORD, cookie: { maxAge: 3600 * 1000 * 24 * 30 } },
      OptionsInvalidError,
      /milliseconds/,
    ],
    [
      "a fixed cookie.expires",
      { password: PASSWORD, cookie: { expires: new Date(Date.now() + 86_400_000) } },
      OptionsInvalidError,
      /cookie.expires/,
    ],
    [
      "a schema that is not a Standard Schema",
      { password: PASSWORD, schema: {} },
      OptionsInvalidError,
      /Standard Schema/,
    ],
    [
      "bad seal options",
      { password: PASSWORD, seal: { encryption: { iterations: 0 } } },
      OptionsInvalidError,
      /iterations/,
    ],
  ])("refuses %s when first used, saying how to fix it", async (_, bad, type, message) => {
    expect(() => resolveSessionConfig(bad as SessionConfig)).toThrow(type);
    expect(() => resolveSessionConfig(bad as SessionConfig)).toThrow(message);
    await expect(useSession(new FakeExchange(), bad as SessionConfig)).rejects.toBeInstanceOf(type);
  });

  it("is resolved once per config object", () => {
    const c = config();
    expect(resolveSessionConfig(c)).toBe(resolveSessionConfig(c));
    expect(resolveSessionConfig(c, "h3").name).toBe("h3");
  });

  it("is resolved once per config value: a new literal per request (Nitro's documented form) hits", () => {
    const onError = () => {};
    const literal = () => ({
      name: "custom-name",
      password: PASSWORD,
      cookie: { sameSite: "strict" as const },
      maxAge: 60,
      onError,
    });
    const first = resolveSessionConfig(literal());
    expect(resolveSessionConfig(literal())).toBe(first);
    expect(resolveSessionConfig({ ...literal(), cookie: { sameSite: "strict" as const } })).toBe(
      first,
    );
    // Another value, another hook, another default name: another resolution.
    expect(resolveSessionConfig({ ...literal(), maxAge: 61 })).not.toBe(first);
    expect(resolveSessionConfig({ ...literal(), onError: () => {} })).not.toBe(first);
    expect(resolveSessionConfig(literal(), "h3")).not.toBe(first);
    // A mistake is reported for every literal, never remembered as resolved.
    for (let i = 0; i < 2; i++)
      expect(() => resolveSessionConfig({ password: "short" })).toThrow(PasswordShortError);
    // A config that cannot be written out (a cycle) still resolves, by identity.
    const cyclic: SessionConfig & { self?: unknown } = { password: PASSWORD };
    cyclic.self = cyclic;
    expect(resolveSessionConfig(cyclic)).toBe(resolveSessionConfig(cyclic));
  });

  it("surfaces a configuration error even when the request carries a token", async () => {
    const token = await seal({ id: "x", createdAt: Date.now(), data: {} }, PASSWORD);
    const exchange = new FakeExchange({ cookie: `session=${token}` });
    await expect(useSession(exchange, { password: "short" })).rejects.toBeInstanceOf(
      PasswordShortError,
    );
  });
});

describe("careless configuration and odd data (issue 18, item 5)", () => {
  it("an onError hook that throws does not turn a bad cookie into an error", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const c = config({
        onError: () => {
          throw new Error("hook failed");
        },
      });
      const session = await useSession(new FakeExchange({ cookie: "session=Fe26.2**forged" }), c);
      expect(session.data).toEqual({});
      expect(log).toHaveBeenCalledWith(
        expect.stringContaining("onError (ERR_SEAL_MALFORMED) hook failed"),
        expect.any(Error),
      );
    } finally {
      log.mockRestore();
    }
  });

  it("update(fn) deletes keys named like Object.prototype members for good", async () => {
    const first = new FakeExchange();
    const session = await useSession(first, config());
    await session.update({ constructor: 1, toString: 2, kept: 3 });
    await session.update((data) => {
      Reflect.deleteProperty(data, "constructor");
      Reflect.deleteProperty(data, "toString");
      return undefined;
    });
    expect(session.data).toEqual({ kept: 3 });
    const cookie = first.cookies[0]?.split(";")[0] ?? "";
    expect((await useSession(new FakeExchange({ cookie }), config())).data).toEqual({ kept: 3 });
  });

  it("a generateId that returns an empty or non-string id is a configuration error, not a lost session", async () => {
    for (const bad of [() => "", () => 42 as unknown as string]) {
      const session = await useSession(new FakeExchange(), config({ generateId: bad, lazy: true }));
      await expect(session.update({ a: 1 })).rejects.toThrow(OptionsInvalidError);
    }
  });

  it("commit() of data JSON cannot hold throws SealDataError and stages nothing, like update()", async () => {
    const first = new FakeExchange();
    await (await useSession(first, config())).update({ a: 1 });
    const cookie = first.cookies[0]?.split(";")[0] ?? "";
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 200_000; i++) node = (node.next = {}) as Record<string, unknown>;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    // Whether JSON holds 200,000 levels is the engine's call: V8 up to Node 24
    // runs out of stack (SealDataError); Node 26's stringifies them, and the
    // size check refuses the result. Either way, nothing is staged.
    const deepIsJson = (() => {
      try {
        JSON.stringify(deep);
        return true;
      } catch {
        return false;
      }
    })();
    for (const [bad, refusal] of [
      [10n, SealDataError],
      [cyclic, SealDataError],
      [deep, deepIsJson ? SessionTooLargeError : SealDataError],
    ] as const) {
      const exchange = new FakeExchange({ cookie });
      const session = await useSession(exchange, config());
      session.data.bad = bad;
      await expect(session.commit()).rejects.toThrow(refusal);
      expect(exchange.cookies).toEqual([]);
    }
  });

  it("a session needing more than 100 chunks is refused as too large, not written and never read back", async () => {
    const c = config({ maxSize: 1_000_000, cookie: { chunkMaxLength: 64 } });
    const exchange = new FakeExchange();
    const session = await useSession(exchange, { ...c, lazy: true });
    await expect(session.update({ blob: "x".repeat(8000) })).rejects.toThrow(SessionTooLargeError);
    expect(exchange.cookies).toEqual([]);
  });

  it("refuses a write far too large before encrypting it (a 5 MB update)", async () => {
    // The build's provider (Web Crypto or node:crypto, per vitest project): every encryption goes through it.
    const encrypt = vi.spyOn(provider, "encrypt");
    try {
      const exchange = new FakeExchange();
      const session = await useSession(exchange, config({ lazy: true }));
      encrypt.mockClear();
      await expect(session.update({ blob: "x".repeat(5_000_000) })).rejects.toThrow(
        SessionTooLargeError,
      );
      expect(encrypt).not.toHaveBeenCalled();
      expect(exchange.cookies).toEqual([]);
      await session.update({ small: true });
      expect(encrypt).toHaveBeenCalledTimes(1);
    } finally {
      encrypt.mockRestore();
    }
  });

  it("refuses an invalid sessionHeader and a name that is another session's chunk, at start-up", () => {
    for (const sessionHeader of ["bad header", "x-é", 42 as unknown as string]) {
      expect(() => resolveSessionConfig(config({ sessionHeader }))).toThrow(
        /sessionHeader must be a header name/,
      );
    }
    expect(() => resolveSessionConfig(config({ name: "a.1" }))).toThrow(
      /chunk of another session's cookie \("a"\)/,
    );
    expect(resolveSessionConfig(config({ name: "a.b", sessionHeader: "x-custom" })).header).toBe(
      "x-custom",
    );
  });

  it("refuses a sessionHeader that carries something else, in any case (issue 23)", () => {
    for (const sessionHeader of [
      "cookie",
      "Set-Cookie",
      "SET-COOKIE",
      "host",
      "content-length",
      "transfer-encoding",
      "connection",
    ]) {
      expect(() => resolveSessionConfig(config({ sessionHeader }))).toThrow(
        /sessionHeader cannot be .* carries something else/,
      );
    }
    // A name whose default header would be reserved cannot happen (x-…-session), and a custom one is fine.
    expect(resolveSessionConfig(config({ sessionHeader: "authorization-session" })).header).toBe(
      "authorization-session",
    );
  });

  it("refuses __Host-, __Secure-, __Http- and __Host-Http- names, of any length and case, without the attributes browsers require (issue 23)", () => {
    const names = [
      "__Host-a",
      "__Host-ab",
      "__host-session",
      "__HOST-x",
      "__Secure-a",
      "__secure-s",
      "__Host-long-session-name",
    ];
    for (const name of names) {
      expect(() => resolveSessionConfig(config({ name, cookie: { secure: false } }))).toThrow(
        /needs Secure .* browsers drop/,
      );
    }
    for (const name of ["__Host-a", "__host-ab"]) {
      expect(() => resolveSessionConfig(config({ name, cookie: { path: "/app" } }))).toThrow(
        /needs Path=\//,
      );
      expect(() =>
        resolveSessionConfig(config({ name, cookie: { domain: "example.com" } })),
      ).toThrow(/needs no Domain/);
    }
    // The defaults (Secure, Path=/) fit both prefixes; __Secure- allows a path and a domain.
    for (const name of names) expect(resolveSessionConfig(config({ name })).name).toBe(name);
    expect(
      resolveSessionConfig(
        config({ name: "__Secure-a", cookie: { path: "/app", domain: "example.com" } }),
      ).name,
    ).toBe("__Secure-a");
    // __Http- and __Host-Http- (Chromium 140, Firefox 143) need HttpOnly too, __Host-Http- a root path.
    for (const name of ["__Http-a", "__http-session", "__Host-Http-a", "__host-http-s"]) {
      expect(() => resolveSessionConfig(config({ name, cookie: { httpOnly: false } }))).toThrow(
        /needs HttpOnly .* browsers drop/,
      );
      expect(() => resolveSessionConfig(config({ name, cookie: { secure: false } }))).toThrow(
        /needs Secure/,
      );
      expect(resolveSessionConfig(config({ name })).name).toBe(name);
    }
    expect(() =>
      resolveSessionConfig(config({ name: "__Host-Http-a", cookie: { path: "/app" } })),
    ).toThrow(/needs Path=\//);
    expect(
      resolveSessionConfig(
        config({ name: "__Http-a", cookie: { path: "/app", domain: "example.com" } }),
      ).name,
    ).toBe("__Http-a");
    // Header-only sessions set no cookie: no prefix rule applies.
    expect(
      resolveSessionConfig(config({ name: "__Host-a", cookie: false })).cookie,
    ).toBeUndefined();
  });
});

describe("the read path", () => {
  it("reads a valid session without staging anything, minting an id or keeping state outside the request", async () => {
    const c = config({ generateId: vi.fn(() => "minted") });
    const first = new FakeExchange();
    await (await useSession(first, c)).update({ n: 1 });
    const cookie = first.cookies[0]?.split(";")[0] ?? "";
    const read = new FakeExchange({ cookie });
    const stage = vi.spyOn(read, "stage");
    const getRequestHeader = vi.spyOn(read, "getRequestHeader");
    const session = await useSession(read, c);
    expect(session.data).toEqual({ n: 1 });
    expect(await session.commit()).toBe(false);
    expect(stage).not.toHaveBeenCalled();
    expect(c.generateId).toHaveBeenCalledTimes(1); // the first request's session, not this one
    // The cookie and the header session's header, each read once; nothing else of the request.
    expect(getRequestHeader.mock.calls.map(([name]) => name).sort()).toEqual([
      "cookie",
      "x-session-session",
    ]);
    // The request's state lives on its key, out of sight of spreads, keys and JSON.
    expect(Object.keys(read.key)).toEqual([]);
    expect(JSON.stringify({ ...read.key })).toBe("{}");
  });

  it("keeps a frozen request's state too, and a config copied by spread resolves for itself", async () => {
    const frozen = new FakeExchange();
    Object.freeze(frozen.key);
    const session = await useSession(frozen, config());
    await session.update({ n: 2 });
    expect((await useSession(frozen, config())).data).toEqual({ n: 2 });
    const base = config({ name: "one" });
    expect(resolveSessionConfig(base).name).toBe("one");
    expect(resolveSessionConfig({ ...base, name: "two" }).name).toBe("two");
  });
});

describe("session.update()", () => {
  it("keeps the identity of session.data across writes", async () => {
    const session = await useSession(new FakeExchange(), config());
    const data = session.data;
    await session.update({ a: 1 });
    await session.update((d) => ({ b: (d.a as number) + 1 }));
    expect(data).toBe(session.data);
    expect(data).toEqual({ a: 1, b: 2 });
  });

  it("leaves data and staged headers as they were when the update function throws", async () => {
    const exchange = new FakeExchange();
    const session = await useSession(exchange, config());
    await session.update({ a: 1 });
    const staged = exchange.cookies;
    await expect(
      session.update((d) => {
        d.a = 2;
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expect(session.data).toEqual({ a: 1 });
    expect(exchange.cookies).toBe(staged);
  });

  it("throws SessionTooLargeError naming size and limit, before any header or data changes", async () => {
    const exchange = new FakeExchange();
    exchange.cookies = ["other=1; Path=/"];
    const session = await useSession(exchange, config({ maxSize: 2000 }));
    const staged = exchange.cookies;
    const error = await session.update({ blob: "x".repeat(3000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionTooLargeError);
    expect(error).toMatchObject({ code: "ERR_SESSION_TOO_LARGE", limit: 2000 });
    expect((error as SessionTooLargeError).size).toBeGreaterThan(2000);
    expect((error as Error).message).toContain(`${(error as SessionTooLargeError).size} bytes`);
    expect(exchange.cookies).toBe(staged);
    expect(session.data).toEqual({});
  });

  it("budgets what the browser sends back: every chunk's name=value joined by '; '", async () => {
    const exchange = new FakeExchange();
    const session = await useSession(exchange, config());
    await session.update({ blob: "x".repeat(7000) });
    const pairs = exchange.cookies.map((c) => c.slice(0, c.indexOf(";")));
    const sentBack = pairs.join("; ").length;
    // The same session, with the limit one byte under what it takes, is refused.
    const tight = await useSession(new FakeExchange(), config({ maxSize: sentBack - 1 }));
    await expect(tight.update({ blob: "x".repeat(7000) })).rejects.toMatchObject({
      size: expect.any(Number),
    });
    expect(sentBack).toBeGreaterThan(9000);
    expect(sentBack).toBeLessThan(14_336);
  });

  it("runs concurrent writes one after another: a clear after an update wins", async () => {
    const exchange = new FakeExchange();
    const session = await useSession(exchange, config());
    await Promise.all([session.update({ a: 1 }), session.clear()]);
    expect(exchange.cookies).toHaveLength(1);
    expect(exchange.cookies[0]).toContain("Max-Age=0");
  });
});

describe("the session object, as h3's (issue 23)", () => {
  it("serializes, spreads, lists, clones and prints as { id, data }, live after writes", async () => {
    const ids = ["first", "second", "third"];
    const session = await useSession(
      new FakeExchange(),
      config({ generateId: () => ids.shift() as string }),
    );
    await session.update({ foo: "bar" });
    expect(JSON.stringify(session)).toBe('{"id":"first","data":{"foo":"bar"}}');
    expect(JSON.stringify({ session })).toBe('{"session":{"id":"first","data":{"foo":"bar"}}}');
    expect({ ...session }).toEqual({ id: "first", data: { foo: "bar" } });
    expect(Object.keys(session)).toEqual(["id", "data"]);
    expect(structuredClone(session)).toEqual({ id: "first", data: { foo: "bar" } });
    const { inspect } = await import("node:util");
    expect(inspect(session)).toBe(
      `{ id: 'first', createdAt: ${session.createdAt}, data: { foo: 'bar' } }`,
    );
    // The same own properties follow the session through clear() and regenerate().
    await session.clear();
    expect(JSON.parse(JSON.stringify(session))).toEqual({ id: expect.any(String), data: {} });
    expect(session.id).toBe("second");
    await session.update({ n: 1 });
    await session.regenerate();
    expect({ ...session }).toEqual({ id: "third", data: { n: 1 } });
  });

  it("still finds a change made through a spread's data, and none after a plain stringify", async () => {
    const session = await useSession(new FakeExchange(), config());
    JSON.stringify(session);
    expect(await session.commit()).toBe(false);
    const copy = { ...session };
    copy.data.late = true;
    expect(await session.commit()).toBe(true);
  });
});

describe("session.commit()", () => {
  it("finds nothing to write right after any write, whatever fields it added", async () => {
    for (const extra of [{}, { idleTimeout: 60 }, { maxAge: 60, idleTimeout: 60 }]) {
      const exchange = new FakeExchange();
      const session = await useSession(exchange, config(extra));
      for (const write of [
        () => session.update({ a: 1 }),
        () => session.flash("notice", "hi"),
        () => session.regenerate(),
        () => session.consumeFlash("notice"),
        () => session.update((d) => ({ b: [d.a, 2] })),
      ]) {
        await write();
        void session.data; // exposed, as a handler would
        expect(await session.commit()).toBe(false);
      }
      session.data.c = true;
      expect(await session.commit()).toBe(true);
      expect(await session.commit()).toBe(false);
    }
  });
});

// A remembered token's data is a copy of a tree parsed once, and commit()
// compares it with that tree before serializing anything (issue 25): every
// change JSON would see must still be found, in every read of the same cookie.
describe("a remembered token read again and again", () => {
  const original = {
    user: { id: 7, roles: ["admin", "editor"], name: "Ada" },
    list: [1, { deep: [true, null] }],
    text: "x".repeat(300),
  };
  type Data = typeof original & Record<string, unknown>;
  const changes: Array<[string, (data: Data) => void, boolean]> = [
    ["nothing", () => {}, false],
    ["a nested array pushed to", (d) => d.user.roles.push("viewer"), true],
    ["a deep value flipped", (d) => ((d.list[1] as { deep: unknown[] }).deep[0] = false), true],
    ["a key added", (d) => (d.extra = 1), true],
    ["a key deleted", (d) => delete (d as Partial<Data>).text, true],
    ["a member set to undefined", (d) => ((d.user as { name?: string }).name = undefined), true],
    ["a value set to the same value", (d) => (d.user.id = 7), false],
    [
      "a value changed and changed back",
      (d) => {
        d.user.id = 8;
        d.user.id = 7;
      },
      false,
    ],
    ["an array replaced by an equal one", (d) => (d.list = [1, { deep: [true, null] }]), false],
    ["a string member added", (d) => (d.when = "2020-01-01T00:00:00.000Z"), true],
    [
      "the keys reordered",
      (d) => {
        const user = d.user;
        delete (d as Partial<Data>).user;
        d.user = user;
      },
      true,
    ],
    ["a number made NaN", (d) => (d.user.id = Number.NaN), true],
  ];

  it.each(changes)(
    "finds %s as JSON would (changed: %s), on every read",
    async (_, change, changed) => {
      const first = new FakeExchange();
      await (await useSession(first, config())).update(original);
      const cookie = (first.cookies[0] as string).split(";")[0] as string;
      for (let read = 0; read < 3; read++) {
        const exchange = new FakeExchange({ cookie });
        const session = await useSession(exchange, config());
        expect(session.data).toEqual(original);
        change(session.data as Data);
        expect(await session.commit()).toBe(changed);
        expect(exchange.cookies.length > 0).toBe(changed);
      }
    },
  );

  it("hands each read its own mutable copy, and a Date equal in JSON to the stored text is no change", async () => {
    const first = new FakeExchange();
    await (await useSession(first, config())).update({ when: "2020-01-01T00:00:00.000Z" });
    const cookie = (first.cookies[0] as string).split(";")[0] as string;
    const a = await useSession(new FakeExchange({ cookie }), config());
    const b = await useSession(new FakeExchange({ cookie }), config());
    expect(a.data).not.toBe(b.data);
    expect(Object.isFrozen(a.data)).toBe(false);
    a.data.when = new Date("2020-01-01T00:00:00.000Z");
    expect(await a.commit()).toBe(false);
    b.data.when = new Date("2021-01-01T00:00:00.000Z");
    expect(await b.commit()).toBe(true);
  });
});

// Express's middleware goes on in the same tick when the session opens
// without awaiting; anything that needs crypto or I/O still gives a promise.
describe("openSessionNow()", () => {
  const reads = async (
    exchange: FakeExchange,
    extra: Partial<SessionConfig> = {},
  ): Promise<[boolean, unknown]> => {
    const opened = openSessionNow(exchange, config(extra));
    const manager = opened instanceof Promise ? await opened : opened;
    return [opened instanceof Promise, manager.data];
  };

  it("gives the manager itself for no cookie and for a cookie this process read, a promise otherwise", async () => {
    const first = new FakeExchange();
    await (await useSession(first, config())).update({ n: 1 });
    const cookie = (first.cookies[0] as string).split(";")[0] as string;
    expect(await reads(new FakeExchange())).toEqual([false, {}]);
    expect(await reads(new FakeExchange({ cookie }))).toEqual([false, { n: 1 }]);
    // A cookie this process never read (its memory cleared): verified with crypto first.
    const foreign = `session=${await seal({ id: "x", createdAt: Date.now(), data: { n: 2 } }, PASSWORD_2)}`;
    defaultKeyCache.clear();
    expect(await reads(new FakeExchange({ cookie: foreign }), { password: PASSWORD_2 })).toEqual([
      true,
      { n: 2 },
    ]);
    // A forged cookie: a fresh session, through the promise, never a throw.
    expect(await reads(new FakeExchange({ cookie: `${cookie.slice(0, -2)}xx` }))).toEqual([
      true,
      {},
    ]);
  });

  it("awaits a config with something to await (a schema), even for a remembered cookie", async () => {
    const schema = {
      "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) },
    } as SessionConfig["schema"];
    const first = new FakeExchange();
    await (await useSession(first, config({ schema }))).update({ n: 3 });
    const cookie = (first.cookies[0] as string).split(";")[0] as string;
    expect(await reads(new FakeExchange({ cookie }), { schema })).toEqual([true, { n: 3 }]);
  });
});

// A React Server Component renders after its headers: it may read the
// session but never write it (Next.js throws on cookies().set there).
describe("a read-only exchange", () => {
  class ReadOnlyExchange extends FakeExchange {
    readonly readOnly = true;
    staged = 0;
    override stage(): void {
      this.staged++;
      throw new Error("stage() called on a read-only exchange");
    }
  }
  const cookieOf = async (extra: Partial<SessionConfig>, data: Record<string, unknown>) => {
    const first = new FakeExchange();
    await (await useSession(first, config(extra))).update(data);
    return (first.cookies[0] as string).split(";")[0] as string;
  };

  it("reads a session, seals no new one, and refuses every change before anything changes", async () => {
    const cookie = await cookieOf({}, { user: "ada" });
    const session = await useSession(new ReadOnlyExchange({ cookie }), config());
    expect(session.data).toEqual({ user: "ada" });
    const codes = await Promise.all(
      [
        () => session.update({ user: "eve" }),
        () => session.clear(),
        () => session.regenerate(),
        () => session.flash("note", 1),
      ].map((change) =>
        change().then(
          () => "written",
          (error) => error.code,
        ),
      ),
    );
    expect(codes).toEqual(Array(4).fill("ERR_SESSION_READ_ONLY"));
    expect(session.data).toEqual({ user: "ada" });
    expect(await session.commit()).toBe(false);
    (session.data as Record<string, unknown>).user = "eve";
    await expect(session.commit()).rejects.toBeInstanceOf(SessionReadOnlyError);

    const empty = new ReadOnlyExchange();
    expect((await useSession(empty, config())).data).toEqual({});
    expect(empty.staged).toBe(0);
    expect(await getSession(new ReadOnlyExchange(), config())).toMatchObject({ data: {} });
  });

  it("leaves a due reseal (idle slide, retired password) to a request that can write", async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ["Date"] });
    const idle = { idleTimeout: 100 };
    const sliding = await cookieOf(idle, { n: 1 });
    vi.setSystemTime(1_800_000_060_000); // past half the idle window
    const exchange = new ReadOnlyExchange({ cookie: sliding });
    expect((await useSession(exchange, config(idle))).data).toEqual({ n: 1 });
    expect(exchange.staged).toBe(0);
    const writable = new FakeExchange({ cookie: sliding });
    await useSession(writable, config(idle));
    expect(writable.cookies).toHaveLength(1);

    const old = await cookieOf({ password: { 1: PASSWORD } }, { n: 2 });
    const rotated = { password: { 2: PASSWORD_2, 1: PASSWORD } };
    const staleExchange = new ReadOnlyExchange({ cookie: old });
    expect((await useSession(staleExchange, config(rotated))).data).toEqual({ n: 2 });
    expect(staleExchange.staged).toBe(0);
  });
});

describe("session expiry", () => {
  it("sets Expires and the token's own expiry to whichever of maxAge and idleTimeout ends first", async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ["Date"] });
    const exchange = new FakeExchange();
    const session = await useSession(exchange, config({ maxAge: 100, idleTimeout: 30 }));
    const cookie = exchange.cookies[0] as string;
    expect(cookie).toContain(`Expires=${new Date(1_800_000_030_000).toUTCString()}`);
    expect(parseToken(tokenOf(cookie)).expiration).toBe(1_800_000_030_000);
    // Late in the session's life the absolute limit comes first.
    vi.setSystemTime(1_800_000_080_000);
    const late = new FakeExchange({ cookie: `session=${tokenOf(cookie)}` });
    await useSession(late, config({ maxAge: 100, idleTimeout: 100 })).then((s) =>
      s.update({ late: true }),
    );
    expect(late.cookies[0]).toContain(`Expires=${new Date(1_800_000_100_000).toUTCString()}`);
    expect(session.id).toBeTruthy();
  });

  it("with cookie.maxAge alone, the token expires with the cookie: a copy kept past it is a fresh session", async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ["Date"] });
    const errors: string[] = [];
    const c = config({ cookie: { maxAge: 600 }, onError: (error) => errors.push(error.code) });
    const first = new FakeExchange();
    await useSession(first, c).then((s) => s.update({ user: "ada" }));
    const cookie = first.cookies[0] as string;
    expect(cookie).toContain("Max-Age=600");
    expect(cookie).not.toContain("Expires="); // Max-Age says it, as h3 writes it
    expect(parseToken(tokenOf(cookie)).expiration).toBe(1_800_000_600_000);
    vi.setSystemTime(1_800_000_599_000);
    const within = await useSession(new FakeExchange({ cookie: `session=${tokenOf(cookie)}` }), c);
    expect(within.data).toEqual({ user: "ada" });
    // A year later the browser has long dropped it; a replayed copy is refused.
    vi.setSystemTime(1_800_000_000_000 + 365 * 86_400_000);
    const replay = await useSession(new FakeExchange({ cookie: `session=${tokenOf(cookie)}` }), c);
    expect(replay.data).toEqual({});
    expect(errors).toEqual(["ERR_SEAL_EXPIRED"]);
  });

  it("with cookie.maxAge and maxAge, the token ends with whichever comes first", async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ["Date"] });
    const exchange = new FakeExchange();
    await useSession(exchange, config({ maxAge: 100, cookie: { maxAge: 30 } })).then((s) =>
      s.update({ a: 1 }),
    );
    expect(parseToken(tokenOf(exchange.cookies[0])).expiration).toBe(1_800_000_030_000);
    const longer = new FakeExchange();
    await useSession(longer, config({ maxAge: 20, cookie: { maxAge: 30 } })).then((s) =>
      s.update({ a: 1 }),
    );
    expect(parseToken(tokenOf(longer.cookies[0])).expiration).toBe(1_800_000_020_000);
  });

  it("warns once at start-up when a password is stretched by fewer than 1000 iterations, not for raw keys", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const few = { encryption: { iterations: 1 }, integrity: { iterations: 1 } };
      resolveSessionConfig({ password: PASSWORD, seal: few });
      resolveSessionConfig({ password: PASSWORD_2, seal: few });
      resolveSessionConfig({ password: crypto.getRandomValues(new Uint8Array(32)), seal: few });
      resolveSessionConfig({
        password: PASSWORD,
        seal: { encryption: { iterations: 1000 }, integrity: { iterations: 1000 } },
      });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/iterations is 1: .*gen-password/);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/\(SEALED_SESSION_FEW_ITERATIONS\)$/);
    } finally {
      warn.mockRestore();
    }
  });

  it("slides at most once per half idle window", async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ["Date"] });
    const c = config({ idleTimeout: 60 });
    const first = new FakeExchange();
    await useSession(first, c);
    let cookie = tokenOf(first.cookies[0]);
    const reseals: number[] = [];
    for (let second = 10; second <= 120; second += 10) {
      vi.setSystemTime(1_800_000_000_000 + second * 1000);
      const exchange = new FakeExchange({ cookie: `session=${cookie}` });
      await useSession(exchange, c);
      if (exchange.cookies.length > 0) {
        reseals.push(second);
        cookie = tokenOf(exchange.cookies[0]);
      }
    }
    // Resealed only once more than 30 s had passed since the last seal.
    expect(reseals).toEqual([40, 80, 120]);
  });

  it("reseals a header session's idle slide into the response header only, leaving the cookie alone", async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ["Date"] });
    const c = config({ idleTimeout: 60 });
    const first = new FakeExchange();
    await (await useSession(first, c)).update({ via: "header" });
    const token = tokenOf(first.cookies[0]);
    vi.setSystemTime(1_800_000_000_000 + 40_000);
    const slid = new FakeExchange({ "x-session-session": token });
    expect((await useSession(slid, c)).data).toEqual({ via: "header" });
    expect(slid.cookies).toEqual([]);
    const renewed = slid.headers.get("x-session-session") ?? "";
    expect(renewed).not.toBe(token);
    expect(await unseal(renewed, PASSWORD)).toMatchObject({
      data: { via: "header" },
      lastSeenAt: 1_800_000_040_000,
    });
    // An explicit update keeps h3's behaviour: the cookie, and the header back.
    const updated = new FakeExchange({ "x-session-session": renewed });
    await (await useSession(updated, c)).update({ via: "both" });
    expect(updated.cookies).toHaveLength(1);
    expect(updated.headers.get("x-session-session")).toBe(tokenOf(updated.cookies[0]));
  });

  it("reseals a header session sealed under an older password id or at 1 iteration into the header only", async () => {
    const rotated = { 2: PASSWORD_2, 1: PASSWORD };
    const old = await seal(
      { id: "s1", createdAt: Date.now(), data: { n: 1 } },
      { id: "1", secret: PASSWORD },
    );
    const legacy = await seal({ id: "s2", createdAt: Date.now(), data: { n: 2 } }, PASSWORD, {
      encryption: { iterations: 1 },
      integrity: { iterations: 1 },
    });
    for (const [token, password] of [
      [old, rotated],
      [legacy, PASSWORD],
    ] as const) {
      const exchange = new FakeExchange({ "x-session-session": token });
      await useSession(exchange, config({ password }));
      expect(exchange.cookies).toEqual([]);
      expect(exchange.headers.get("x-session-session")).toMatch(/^Fe26\.2\*/);
    }
  });

  it("regenerate() resets createdAt and lastSeenAt and keeps data", async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ["Date"] });
    const exchange = new FakeExchange();
    const session = await useSession(exchange, config({ idleTimeout: 60 }));
    await session.update({ user: "ada" });
    vi.setSystemTime(1_800_000_005_000);
    const before = session.id;
    await session.regenerate();
    expect(session.id).not.toBe(before);
    expect(session.createdAt).toBe(1_800_000_005_000);
    const record = (await unseal(tokenOf(exchange.cookies[0]), PASSWORD)) as {
      lastSeenAt: number;
      data: unknown;
    };
    expect(record).toMatchObject({ lastSeenAt: 1_800_000_005_000, data: { user: "ada" } });
  });
});

describe("clear()", () => {
  it("keeps expiring the request's chunks when a new session follows in the same response", async () => {
    const big = new FakeExchange();
    await (await useSession(big, config())).update({ blob: "x".repeat(7000) });
    const jar = big.cookies.map((c) => c.slice(0, c.indexOf(";"))).join("; ");
    const exchange = new FakeExchange({ cookie: jar });
    const session = await useSession(exchange, config());
    await session.clear();
    await session.update({ small: true });
    const names = exchange.cookies.map(
      (c) => `${c.slice(0, c.indexOf("="))}${c.includes("Max-Age=0") ? " (expired)" : ""}`,
    );
    expect(names).toEqual([
      "session",
      "session.1 (expired)",
      "session.2 (expired)",
      "session.3 (expired)",
    ]);
  });

  it("expires only the chunk cookies the request carried: a forged __chunked__100 draws no deletions", async () => {
    for (const [cookie, expected] of [
      ["session=__chunked__100", ["session"]],
      ["session=__chunked__1000000000", ["session"]],
      [
        "session=__chunked__-1; session.2=x; session.0=y; session.101=z; session.07=w",
        ["session", "session.2 (expired)"],
      ],
      [
        "session=__chunked__3; session.3=c; session.1=a",
        ["session", "session.1 (expired)", "session.3 (expired)"],
      ],
    ] as const) {
      for (const act of ["clear", "update"] as const) {
        const exchange = new FakeExchange({ cookie });
        const session = await useSession(exchange, config());
        expect(session.data).toEqual({});
        await (act === "clear" ? session.clear() : session.update({ a: 1 }));
        const names = exchange.cookies.map(
          (c) => `${c.slice(0, c.indexOf("="))}${c.includes("Max-Age=0") ? " (expired)" : ""}`,
        );
        expect(names.map((n) => (n === "session (expired)" ? "session" : n))).toEqual(expected);
      }
    }
  });

  it("answers a header client with an empty x-<name>-session header", async () => {
    const token = await seal({ id: "h", createdAt: Date.now(), data: {} }, PASSWORD);
    const exchange = new FakeExchange({ "x-session-session": token });
    await (await useSession(exchange, config())).clear();
    expect(exchange.headers.get("x-session-session")).toBe("");
  });
});

describe("sessions of different names", () => {
  // A trade-off kept on purpose: tokens carry h3's record, which has no name,
  // so cookies move between h3 and this library. Sessions that must not stand
  // in for each other need their own passwords (README, security notes).
  it("with one password, a cookie of one loads as the other, as in h3", async () => {
    const user = new FakeExchange();
    await useSession(user, config({ name: "user" })).then((s) => s.update({ role: "member" }));
    const swapped = new FakeExchange({ cookie: `admin=${tokenOf(user.cookies[0])}` });
    expect((await useSession(swapped, config({ name: "admin" }))).data).toEqual({ role: "member" });
  });

  it("with a password per name, a swapped cookie is refused and gives a fresh session", async () => {
    const errors: string[] = [];
    const user = new FakeExchange();
    await useSession(user, config({ name: "user" })).then((s) => s.update({ role: "member" }));
    const swapped = new FakeExchange({ cookie: `admin=${tokenOf(user.cookies[0])}` });
    const admin = await useSession(swapped, {
      password: PASSWORD_2,
      name: "admin",
      onError: (e) => errors.push(e.code),
    });
    expect(admin.data).toEqual({});
    expect(errors).toEqual(["ERR_SEAL_MAC"]);
  });
});

describe("settleSessions()", () => {
  it("lets a response wait for writes the handler did not await, on every session of the request", async () => {
    const exchange = new FakeExchange();
    const session = await useSession(exchange, config());
    const admin = await useSession(exchange, config({ name: "admin" }));
    const data = session.data;
    void session.update({ foo: "bar" });
    void admin.update({ role: "admin" }).then(() => admin.update({ twice: true }));
    await settleSessions(exchange);
    expect(data).toEqual({ foo: "bar" });
    expect(admin.data).toEqual({ role: "admin", twice: true });
    const tokens = exchange.cookies.map((cookie) => cookie.slice(0, cookie.indexOf("=")));
    expect(tokens.sort()).toEqual(["admin", "session"]);
    expect(
      (await unseal(
        tokenOf(exchange.cookies.find((c) => c.startsWith("admin="))),
        PASSWORD,
      )) as object,
    ).toMatchObject({
      data: { role: "admin", twice: true },
    });
  });

  it("resolves at once for a request without sessions, and never rejects for a failed write", async () => {
    await settleSessions(new FakeExchange());
    const exchange = new FakeExchange();
    const session = await useSession(exchange, config({ maxSize: 1024 }));
    const failed = session.update({ big: "x".repeat(2000) });
    await settleSessions(exchange);
    await expect(failed).rejects.toBeInstanceOf(SessionTooLargeError);
  });
});

describe("generateId", () => {
  it("runs only when a session is created: no token, a refused one, or after clear() and regenerate()", async () => {
    let made = 0;
    const c = config({ generateId: () => `id-${++made}` });
    const created = new FakeExchange();
    expect((await useSession(created, c)).id).toBe("id-1");
    const cookie = `session=${tokenOf(created.cookies[0])}`;
    for (const headers of [
      { cookie },
      { "x-session-session": tokenOf(created.cookies[0]) },
    ] as Record<string, string>[]) {
      const read = await useSession(new FakeExchange(headers), c);
      expect(read.id).toBe("id-1");
    }
    expect(made).toBe(1);
    expect((await useSession(new FakeExchange({ cookie: "session=Fe26.2*forged" }), c)).id).toBe(
      "id-2",
    );
    const session = await useSession(new FakeExchange({ cookie }), c);
    await session.clear();
    expect(session.id).toBe("id-3");
    await session.regenerate();
    expect([session.id, made]).toEqual(["id-4", 4]);
  });
});

describe("onError", () => {
  it("says whether the rejected token came from the header or the cookie", async () => {
    const seen: Array<[string, string]> = [];
    const c = config({ onError: (error, context) => seen.push([error.code, context.source]) });
    const foreign = await seal({ id: "x", createdAt: Date.now(), data: {} }, PASSWORD_2);
    await useSession(new FakeExchange({ cookie: `session=${foreign}` }), c);
    await useSession(new FakeExchange({ "x-session-session": foreign }), c);
    expect(seen).toEqual([
      ["ERR_SEAL_MAC", "cookie"],
      ["ERR_SEAL_MAC", "header"],
    ]);
  });
});

describe("cookies shared with h3's own sessions", () => {
  const h3Config = { password: PASSWORD, name: "h3" };
  const app = new H3()
    .get("/write", async (event) => {
      const session = await h3UseSession(event, h3Config);
      await session.update({ from: "h3" });
      return { id: session.id };
    })
    .get("/read", async (event) => {
      const session = await h3UseSession(event, h3Config);
      return { id: session.id, data: session.data };
    });

  it("reads and updates a session h3 created", async () => {
    const response = await app.request("/write");
    const { id } = (await response.json()) as { id: string };
    const cookie = response.headers.getSetCookie()[0] as string;
    const request = new Request("http://localhost/", {
      headers: { cookie: cookie.slice(0, cookie.indexOf(";")) },
    });
    const session = await useWebSession(request, h3Config);
    expect(session.id).toBe(id);
    expect(session.data).toEqual({ from: "h3" });
    await session.update({ and: "us" });
    const back = session.applyTo(new Response()).headers.getSetCookie()[0] as string;
    const read = await app.request("/read", {
      headers: { cookie: back.slice(0, back.indexOf(";")) },
    });
    expect(await read.json()).toEqual({ id, data: { from: "h3", and: "us" } });
  });

  it("h3 reads a session created here, chunked or not", async () => {
    for (const blob of ["small", "x".repeat(7000)]) {
      const session = await useWebSession(new Request("http://localhost/"), h3Config);
      await session.update({ blob });
      const jar = session
        .applyTo(new Response())
        .headers.getSetCookie()
        .map((c) => c.slice(0, c.indexOf(";")))
        .join("; ");
      const read = await app.request("/read", { headers: { cookie: jar } });
      expect(await read.json()).toEqual({ id: session.id, data: { blob } });
    }
  });
});

describe("token expiry", () => {
  it("is exactly the session's end, however the clock moves while sealing", async () => {
    // A clock that moves a millisecond each time it is read, as a real one may between two reads.
    let clock = 1_800_000_000_000;
    const now = vi.spyOn(Date, "now").mockImplementation(() => clock++);
    try {
      const exchange = new FakeExchange();
      const session = await useSession(exchange, config({ maxAge: 100 }));
      for (let i = 0; i < 3; i++) {
        await session.update({ n: i });
        expect(parseToken(tokenOf(exchange.cookies[0])).expiration).toBe(
          session.createdAt + 100_000,
        );
      }
    } finally {
      now.mockRestore();
    }
  });
});

// A store that keeps one cookie per name (Next's cookies(), Start's helpers)
// cannot take a Set-Cookie back: a chunk staged earlier and dropped later
// must be expired in the same response.
describe("restageByName()", () => {
  it("adds an expiry, at the new cookies' path and domain, for each name staged before and dropped now", () => {
    const staged = new Set<string>();
    const grown = [
      "s=__chunked__2; Path=/app; Domain=x.test",
      "s.1=a; Path=/app",
      "s.2=b; Path=/app",
    ];
    expect(restageByName(staged, grown)).toEqual(grown);
    const shrunk = restageByName(staged, ["s=small; Path=/app; Domain=x.test"]);
    expect(shrunk[0]).toBe("s=small; Path=/app; Domain=x.test");
    expect(shrunk.slice(1)).toEqual([
      expect.stringMatching(
        /^s\.1=; Max-Age=0; Domain=x\.test; Path=\/app; Expires=Thu, 01 Jan 1970/,
      ),
      expect.stringMatching(
        /^s\.2=; Max-Age=0; Domain=x\.test; Path=\/app; Expires=Thu, 01 Jan 1970/,
      ),
    ]);
    expect([...staged].sort()).toEqual(["s", "s.1", "s.2"]);
  });
});
