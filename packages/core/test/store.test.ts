import { createStorage } from "unstorage";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createSessionStore,
  type SessionConfig,
  SessionConflictError,
  type SessionStorage,
  type SessionStore,
  sealSession,
  unseal,
  unsealSession,
  useSession,
} from "../src/index";
import { CookieRequest, PASSWORD } from "./_helpers";

type Data = { user?: string; n?: number; a?: number; b?: number; big?: string };

function setup(extra: Partial<SessionConfig<Data>> = {}, storage: SessionStorage = createStorage() as unknown as SessionStorage) {
  const onError = vi.fn();
  const store = createSessionStore({ storage });
  const config: SessionConfig<Data> = { password: PASSWORD, store, userKey: (data) => data.user, onError, ...extra };
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
    expect(await unseal(tokenOf(alice.cookie), PASSWORD)).toEqual({ id: alice.id, createdAt: expect.any(Number), data: {} });
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
    await Promise.all([three.update((data) => ({ n: (data.n ?? 0) + 1 })), four.update((data) => ({ n: (data.n ?? 0) + 1 }))]);
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
    expect((await unsealSession(new CookieRequest(), config, token)).data).toEqual({ user: "alice" });
    await store.remove(alice.id);
    await expect(unsealSession(new CookieRequest(), config, token)).rejects.toMatchObject({ code: "ERR_SESSION_NOT_FOUND" });
  });

  it("works with no storage given (memory), and what is stored is a copy, not the live data", async () => {
    const store = createSessionStore();
    const config: SessionConfig<Data> = { password: PASSWORD, store, userKey: (data) => data.user };
    const first = new CookieRequest();
    const session = await useSession(first, config);
    await session.update({ user: "alice", n: 1 });
    session.data.n = 99; // changed in place, never committed
    expect((await store.load(session.id))?.data).toEqual({ user: "alice", n: 1 });
    expect((await useSession(new CookieRequest(first.jar), config)).data).toEqual({ user: "alice", n: 1 });
  });

  it("checks the stored data against the schema when the session is read", async () => {
    const schema = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: (value: unknown) =>
          typeof (value as Data).user === "string" ? { value: value as Data } : { issues: [{ message: "user is required" }] },
      },
    };
    const { signIn, onError, config, store } = setup();
    const alice = await signIn("alice");
    const strict = { ...config, schema: schema as never };
    // The cookie's pointer has no data: only the store's is checked, and it passes.
    expect((await useSession(new CookieRequest(alice.cookie), strict)).data).toEqual({ user: "alice" });
    expect(onError).not.toHaveBeenCalled();
    // Stored data that fails it: a fresh session, and onError says why.
    const current = await store.load(alice.id);
    await store.save(alice.id, { ...(current as NonNullable<typeof current>), data: { n: 1 } }, current?.version ?? 0, Date.now() + 60_000);
    expect((await useSession(new CookieRequest(alice.cookie), strict)).data).toEqual({});
    expect(onError.mock.calls.map(([error]) => error.code)).toEqual(["ERR_SESSION_SCHEMA"]);
  });
});
