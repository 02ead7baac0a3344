import { createStorage } from "unstorage";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sealSession, unsealSession, useSession } from "../src/adapter";
import {
  createRevocation,
  createSessionStore,
  memoryStorage,
  OptionsInvalidError,
  redisStorage,
  type SessionConfig,
  SessionConflictError,
  type SessionStorage,
  type SessionStore,
  unseal,
} from "../src/index";
import { CookieRequest, PASSWORD } from "./_helpers";

type Data = { user?: string; n?: number; a?: number; b?: number; big?: string };

function setup(
  extra: Partial<SessionConfig<Data>> = {},
  storage: SessionStorage = createStorage() as unknown as SessionStorage,
) {
  const onError = vi.fn();
  const store = createSessionStore({ storage, singleProcess: true });
  const config: SessionConfig<Data> = {
    password: PASSWORD,
    store,
    userKey: (data) => data.user,
    onError,
    ...extra,
  };
  const signIn = async (user: string) => {
    const request = new CookieRequest();
    const session = await useSession(request, config);
    await session.update({ user });
    return { cookie: request.jar, id: session.id };
  };
  const open = (cookie: string) => useSession(new CookieRequest(cookie), config);
  return { store, config, onError, signIn, open, storage };
}

const tokenOf = (cookie: string) => decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));

afterEach(() => vi.useRealTimers());

describe("store mode", () => {
  it("keeps the data in the store and only the id and times in the cookie, whatever the data's size", async () => {
    const { config, signIn, open } = setup();
    const alice = await signIn("alice");
    expect(await unseal(tokenOf(alice.cookie), PASSWORD)).toEqual({
      id: alice.id,
      createdAt: expect.any(Number),
      data: {},
    });
    const request = new CookieRequest(alice.cookie);
    const session = await useSession(request, config);
    const big = "x".repeat(100_000); // 7 times what a cookie session may hold
    await session.update({ big });
    expect(request.cookies).toEqual([]); // the pointer did not change: no Set-Cookie
    expect((await open(alice.cookie)).data).toEqual({ user: "alice", big });
  });

  it("lists a user's sessions and deletes one: its cookie then starts a fresh session", async () => {
    const { store, onError, signIn, open } = setup();
    const laptop = await signIn("alice");
    const phone = await signIn("alice");
    await signIn("bob");
    expect((await store.list("alice")).map((s) => s.id)).toEqual([laptop.id, phone.id]);
    await store.remove(laptop.id);
    expect((await store.list("alice")).map((s) => s.id)).toEqual([phone.id]);
    expect((await open(laptop.cookie)).data).toEqual({});
    expect((await open(phone.cookie)).data).toEqual({ user: "alice" });
    expect(onError.mock.calls.map(([error]) => error.code)).toEqual(["ERR_SESSION_NOT_FOUND"]);
    expect(await store.removeAll("alice")).toBe(1);
    expect((await open(phone.cookie)).data).toEqual({});
  });

  it("clear() deletes the stored record; regenerate() moves it to a new id", async () => {
    const { store, config, signIn, open } = setup();
    const alice = await signIn("alice");
    const request = new CookieRequest(alice.cookie);
    const session = await useSession(request, config);
    await session.regenerate();
    expect(session.id).not.toBe(alice.id);
    expect(await store.load(alice.id)).toBeUndefined();
    expect((await open(request.jar)).data).toEqual({ user: "alice" });
    expect((await open(alice.cookie)).data).toEqual({});
    await (await useSession(new CookieRequest(request.jar), config)).clear();
    expect(await store.load(session.id)).toBeUndefined();
    expect(await store.list("alice")).toEqual([]);
  });

  it("concurrent writes of one session both land: patches, functions, and in-place changes", async () => {
    const { config, signIn, open } = setup();
    const { cookie } = await signIn("alice");
    // Two requests read the session, then both write: the second meets the first's write and starts again.
    const [one, two] = await Promise.all([open(cookie), open(cookie)]);
    await Promise.all([one.update({ a: 1 }), two.update({ b: 2 })]);
    expect((await open(cookie)).data).toEqual({ user: "alice", a: 1, b: 2 });
    const [three, four] = await Promise.all([open(cookie), open(cookie)]);
    await Promise.all([
      three.update((data) => ({ n: (data.n ?? 0) + 1 })),
      four.update((data) => ({ n: (data.n ?? 0) + 1 })),
    ]);
    expect((await open(cookie)).data.n).toBe(2);
    const [five, six] = await Promise.all([open(cookie), open(cookie)]);
    five.data.a = 10;
    delete six.data.b;
    expect(await Promise.all([five.commit(), six.commit()])).toEqual([true, true]);
    expect((await open(cookie)).data).toEqual({ user: "alice", a: 10, n: 2 });
    expect(config.onError).not.toHaveBeenCalled();
  });

  it("gives up with SessionConflictError after store.retries, having written nothing", async () => {
    const inner = createSessionStore({ retries: 1 });
    let saves = 0;
    let losing = false;
    // Once armed, another server wins every write: each attempt meets a newer version.
    const store: SessionStore = {
      ...inner,
      save: async (...args) => {
        saves++;
        if (losing) throw new SessionConflictError(1);
        return inner.save(...args);
      },
    };
    const { signIn, open } = setup({ store });
    const { cookie, id } = await signIn("alice");
    const session = await open(cookie);
    losing = true;
    saves = 0;
    await expect(session.update({ a: 1 })).rejects.toThrow(SessionConflictError);
    await expect(session.update({ a: 1 })).rejects.toThrow(/2 times in a row/);
    expect(saves).toBe(2 + 2);
    expect((await inner.load(id))?.data).toEqual({ user: "alice" });
    expect(session.data).toEqual({ user: "alice" });
  });

  it("keeps a session in the store no longer than maxAge, on drivers that ignore ttl too", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_800_000_000_000 });
    const { store, signIn } = setup({ maxAge: 60 });
    const alice = await signIn("alice");
    expect(await store.load(alice.id)).toBeDefined();
    vi.setSystemTime(Date.now() + 61_000);
    expect(await store.load(alice.id)).toBeUndefined();
  });

  it("sealSession() names the stored session and unsealSession() brings its data back from the store", async () => {
    const { config, signIn, store } = setup();
    const alice = await signIn("alice");
    const token = await sealSession(new CookieRequest(alice.cookie), config);
    expect(await unseal(token, PASSWORD)).toMatchObject({ id: alice.id, data: {} });
    expect((await unsealSession(new CookieRequest(), config, token)).data).toEqual({
      user: "alice",
    });
    await store.remove(alice.id);
    await expect(unsealSession(new CookieRequest(), config, token)).rejects.toMatchObject({
      code: "ERR_SESSION_NOT_FOUND",
    });
  });

  it("works with no storage given (memory), and what is stored is a copy, not the live data", async () => {
    const store = createSessionStore();
    const config: SessionConfig<Data> = { password: PASSWORD, store, userKey: (data) => data.user };
    const first = new CookieRequest();
    const session = await useSession(first, config);
    await session.update({ user: "alice", n: 1 });
    session.data.n = 99; // changed in place, never committed
    expect((await store.load(session.id))?.data).toEqual({ user: "alice", n: 1 });
    expect((await useSession(new CookieRequest(first.jar), config)).data).toEqual({
      user: "alice",
      n: 1,
    });
  });

  it("checks the stored data against the schema when the session is read", async () => {
    const schema = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: (value: unknown) =>
          typeof (value as Data).user === "string"
            ? { value: value as Data }
            : { issues: [{ message: "user is required" }] },
      },
    };
    const { signIn, onError, config, store } = setup();
    const alice = await signIn("alice");
    const strict = { ...config, schema: schema as never };
    // The cookie's pointer has no data: only the store's is checked, and it passes.
    expect((await useSession(new CookieRequest(alice.cookie), strict)).data).toEqual({
      user: "alice",
    });
    expect(onError).not.toHaveBeenCalled();
    // Stored data that fails it: a fresh session, and onError says why.
    const current = await store.load(alice.id);
    await store.save(
      alice.id,
      { ...(current as NonNullable<typeof current>), data: { n: 1 } },
      current?.version ?? 0,
      Date.now() + 60_000,
    );
    expect((await useSession(new CookieRequest(alice.cookie), strict)).data).toEqual({});
    expect(onError.mock.calls.map(([error]) => error.code)).toEqual(["ERR_SESSION_SCHEMA"]);
  });
});

describe("the store under faults and hostile keys (issue 23)", () => {
  const codesOf = (onError: ReturnType<typeof vi.fn>) =>
    onError.mock.calls.map(([error]) => (error as { code: string }).code);

  it("a logout is never undone by a write in flight: 100 clear() and 60 removeAll() against concurrent updates", async () => {
    const { config, store, signIn, open } = setup();
    let undone = 0;
    for (let i = 0; i < 100; i++) {
      const { cookie, id } = await signIn(`user-${i}`);
      const [writer, leaver] = await Promise.all([open(cookie), open(cookie)]);
      await Promise.allSettled([writer.update({ n: i }), leaver.clear()]);
      if (await store.load(id)) undone++;
    }
    for (let i = 0; i < 60; i++) {
      const { cookie, id } = await signIn("many");
      const writer = await open(cookie);
      await Promise.allSettled([writer.update({ n: i }), store.removeAll("many")]);
      if (await store.load(id)) undone++;
    }
    expect(undone).toBe(0);
    expect(config.onError).not.toHaveBeenCalledWith(
      expect.objectContaining({ code: "ERR_STORE_UNAVAILABLE" }),
      expect.anything(),
    );
  });

  it("refuses, at start-up, a storage with no atomic write unless singleProcess says one process serves every request", async () => {
    const { prefixStorage } = await import("unstorage");
    const root = createStorage() as unknown as SessionStorage;
    // unstorage (and Nitro's useStorage, prefixed or not) has no compareAndSet: two servers could overwrite each other.
    for (const storage of [
      root,
      prefixStorage(root as never, "sessions") as unknown as SessionStorage,
    ]) {
      expect(() => createSessionStore({ storage })).toThrow(
        /no compareAndSet[\s\S]*redisStorage[\s\S]*singleProcess: true/,
      );
      expect(() => createRevocation({ storage })).toThrow(OptionsInvalidError);
    }
    expect(() => createSessionStore({ storage: root, singleProcess: "yes" as never })).toThrow(
      /true or false/,
    );
    // Said, it is taken, prefixed or not: its writes of one session are serialized in this process.
    const config: SessionConfig<Data> = {
      password: PASSWORD,
      store: createSessionStore({
        storage: prefixStorage(root as never, "sessions") as never,
        prefix: "app",
        singleProcess: true,
      }),
      userKey: (d) => d.user,
    };
    const request = new CookieRequest();
    await (await useSession(request, config)).update({ user: "alice" });
    expect((await useSession(new CookieRequest(request.jar), config)).data).toEqual({
      user: "alice",
    });
    expect((await root.getKeys("sessions:app:store:session:")).length).toBe(1);
    // A storage with an atomic write needs nothing said: memoryStorage() (atomic in its process), the default, redisStorage.
    expect(() => createSessionStore({ storage: memoryStorage() })).not.toThrow();
    expect(() => createSessionStore()).not.toThrow();
  });

  it("memoryStorage's compareAndSet writes only over the version expected (0: absent, expired or not an item)", async () => {
    const storage = memoryStorage();
    const item = (version: number, expiresAt = 2_000) => ({ value: { version }, expiresAt });
    expect(await storage.compareAndSet("k", 1, item(2), 60, 1_000)).toBe(false);
    expect(await storage.compareAndSet("k", 0, item(1), 60, 1_000)).toBe(true);
    expect(await storage.compareAndSet("k", 0, item(1), 60, 1_000)).toBe(false);
    expect(await storage.compareAndSet("k", 1, item(2), 60, 1_000)).toBe(true);
    // Expired by `now`: counts as absent.
    expect(await storage.compareAndSet("k", 0, item(1, 9_000), 60, 3_000)).toBe(true);
    await storage.setItem("k", "garbage" as never);
    expect(await storage.compareAndSet("k", 0, item(1), 60, 1_000)).toBe(true);
    expect(await storage.getItem("k")).toEqual(item(1));
  });

  it("redisStorage refuses a client that lacks a call it makes, naming it", () => {
    const client = {
      get: async () => null,
      set: async () => "OK",
      del: async () => 1,
      scan: async () => ["0", []],
    };
    expect(() => redisStorage(client as never)).toThrow(/no eval\(\)[\s\S]*ioredis/);
    expect(() => redisStorage(undefined as never)).toThrow(OptionsInvalidError);
  });

  it("answers within timeoutMs when the store never answers: a fresh session and ERR_STORE_UNAVAILABLE", async () => {
    const memory = createStorage() as unknown as SessionStorage;
    let hang = false;
    const never = new Promise<never>(() => {});
    const storage: SessionStorage = {
      getItem: (key) => (hang ? never : memory.getItem(key)),
      setItem: (key, value, options) => (hang ? never : memory.setItem(key, value, options)),
      removeItem: (key) => (hang ? never : memory.removeItem(key)),
      getKeys: (base) => (hang ? never : memory.getKeys(base)),
    };
    const onError = vi.fn();
    const store = createSessionStore({ storage, timeoutMs: 200, singleProcess: true });
    const config: SessionConfig<Data> = {
      password: PASSWORD,
      store,
      userKey: (d) => d.user,
      onError,
    };
    const request = new CookieRequest();
    await (await useSession(request, config)).update({ user: "alice" });
    hang = true;
    const started = performance.now();
    const session = await useSession(new CookieRequest(request.jar), config);
    const read = performance.now() - started;
    expect(session.data).toEqual({});
    // The read failed (a fresh session), and so did that fresh session's first write: both told, neither thrown.
    expect(codesOf(onError)).toEqual(["ERR_STORE_UNAVAILABLE", "ERR_STORE_UNAVAILABLE"]);
    expect(onError.mock.calls[0]?.[0].message).toMatch(/no answer within 200 ms/);
    const write = performance.now();
    await expect(session.update({ user: "bob" })).rejects.toThrow(/no answer within 200 ms/);
    expect(read).toBeLessThan(2 * 200 + 300);
    expect(performance.now() - write).toBeLessThan(200 + 300);
    await expect(store.list("alice")).rejects.toMatchObject({ code: "ERR_STORE_UNAVAILABLE" });
  });

  it("checks user keys: '' refused, numbers apart from strings, null is no user, '.', '..', ':' and lone surrogates sign in", async () => {
    type Loose = { user?: unknown };
    const store = createSessionStore();
    const config: SessionConfig<Loose> = {
      password: PASSWORD,
      store,
      userKey: (d) => d.user as string,
    };
    const signIn = async (user: unknown) => {
      const request = new CookieRequest();
      const session = await useSession(request, config);
      await session.update({ user });
      return { cookie: request.jar, id: session.id };
    };
    for (const call of [
      () => store.list(""),
      () => store.removeAll(""),
      () => store.list(null as never),
      () => store.list({} as never),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "ERR_OPTIONS_INVALID" });
    }
    const number = await signIn(42);
    const text = await signIn("42");
    expect((await store.list(42)).map((s) => s.id)).toEqual([number.id]);
    expect((await store.list("42")).map((s) => s.id)).toEqual([text.id]);
    expect(await store.removeAll(42)).toBe(1);
    expect(await store.load(text.id)).toBeDefined();
    const odd = [".", "..", "a:b", "a/b", "..:..", "\ud800", "x\udfff", "é", "%2e"];
    for (const user of odd) {
      const { id, cookie } = await signIn(user);
      expect((await store.list(user)).map((s) => s.id)).toEqual([id]);
      expect((await useSession(new CookieRequest(cookie), config)).data.user).toBe(user);
    }
    for (const user of odd) expect(await store.removeAll(user)).toBe(1);
    // null and "" name no user: nothing listed under "null".
    await signIn(null);
    expect(await store.list("null")).toEqual([]);
    await expect(signIn({ id: 1 })).rejects.toMatchObject({ code: "ERR_OPTIONS_INVALID" });
  });

  it("refuses garbage records with a typed error and starts a fresh session, never a 5xx", async () => {
    const storage = createStorage() as unknown as SessionStorage;
    const { signIn, open, onError } = setup({}, storage);
    const garbage: unknown[] = [
      "not json at all",
      42,
      [],
      { value: "x", expiresAt: Date.now() + 60_000 },
      { value: { data: [], createdAt: 1, version: 1 }, expiresAt: Date.now() + 60_000 },
      { value: { data: {}, createdAt: "yesterday", version: 1 }, expiresAt: Date.now() + 60_000 },
      { value: { data: {}, createdAt: 1, version: -1 }, expiresAt: Date.now() + 60_000 },
      {
        value: { data: { huge: "x".repeat(5_000_000) }, createdAt: "x", version: 1 },
        expiresAt: Date.now() + 60_000,
      },
      { value: null, expiresAt: Date.now() + 60_000 },
    ];
    for (const value of garbage) {
      const { cookie, id } = await signIn("alice");
      await storage.setItem(`sealed-session:store:session:${id}`, value as never);
      onError.mockClear();
      const session = await open(cookie);
      expect(session.data).toEqual({});
      expect(codesOf(onError)[0]).toMatch(/^ERR_SESSION_(INVALID|NOT_FOUND)$/);
      await session.update({ user: "alice" }); // the fresh session writes under its own id
    }
  });

  it("keeps a store and a revocation list on the same prefix apart, and two apps' ids apart (issue 23)", async () => {
    const storage = memoryStorage();
    const store = createSessionStore({ storage, prefix: "app" });
    const revocation = createRevocation({ storage, prefix: "app" });
    const config: SessionConfig<Data> = {
      password: PASSWORD,
      store,
      revocation,
      userKey: (d) => d.user,
    };
    const request = new CookieRequest();
    await (await useSession(request, config)).update({ user: "alice" });
    expect((await useSession(new CookieRequest(request.jar), config)).data).toEqual({
      user: "alice",
    });
    // Two apps, one storage and prefix, ids from a counter: b's session "1" never shows a's data.
    const ids = () => {
      let n = 0;
      return () => String(++n);
    };
    const a: SessionConfig<Data> = {
      password: PASSWORD,
      store: createSessionStore({ storage }),
      generateId: ids(),
      userKey: (d) => d.user,
    };
    const b: SessionConfig<Data> = {
      password: "another-app-password-0123456789abcdefgh",
      store: createSessionStore({ storage }),
      generateId: ids(),
    };
    await (await useSession(new CookieRequest(), a)).update({ user: "alice" });
    // b's new session "1" meets a's record: a typed conflict, and never a's data.
    const other = await useSession(new CookieRequest(), b).catch((error: unknown) => error);
    expect(other).toBeInstanceOf(SessionConflictError);
    await (await useSession(new CookieRequest(), a)).update({ user: "bob" });
    const stored = await createSessionStore({ storage }).load("1");
    expect(stored?.data).toEqual({ user: "alice" });
  });

  it("lands a burst of 50 concurrent writes from one browser (retries with backoff and jitter)", async () => {
    const { signIn, open } = setup();
    const { cookie } = await signIn("alice");
    const sessions = await Promise.all(Array.from({ length: 50 }, () => open(cookie)));
    const results = await Promise.allSettled(
      sessions.map((session) => session.update((data) => ({ n: (data.n ?? 0) + 1 }))),
    );
    const landed = results.filter((result) => result.status === "fulfilled").length;
    expect((await open(cookie)).data.n).toBe(landed);
    expect(landed).toBe(50);
  });
});
