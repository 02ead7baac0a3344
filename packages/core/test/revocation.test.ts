import { createStorage } from "unstorage";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useSession } from "../src/adapter";
import {
  createRevocation,
  memoryStorage,
  OptionsInvalidError,
  type SessionConfig,
  type SessionStorage,
} from "../src/index";
import { CookieRequest, PASSWORD } from "./_helpers";

type Data = { user?: string; n?: number };

function setup(options: Parameters<typeof createRevocation>[0] = {}) {
  const onError = vi.fn();
  const revocation = createRevocation(options);
  const config: SessionConfig<Data> = {
    password: PASSWORD,
    revocation,
    userKey: (data) => data.user,
    onError,
  };
  /** Signs `user` in on a new session; returns its cookie and id. */
  const signIn = async (user: string) => {
    const request = new CookieRequest();
    const session = await useSession(request, config);
    await session.update({ user });
    return { cookie: request.jar, id: session.id };
  };
  const read = async (cookie: string) => {
    const session = await useSession(new CookieRequest(cookie), config);
    return { id: session.id, user: session.data.user };
  };
  return { revocation, config, onError, signIn, read };
}

const codes = (onError: ReturnType<typeof vi.fn>) =>
  onError.mock.calls.map(([error]) => `${error.code}${error.scope ? `:${error.scope}` : ""}`);

afterEach(() => vi.useRealTimers());

describe("revocation of sealed sessions", () => {
  it("refuses a revoked session's cookie and keeps the others", async () => {
    const { revocation, onError, signIn, read } = setup();
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    await revocation.revoke(alice.id);
    expect(await read(alice.cookie)).toMatchObject({ user: undefined });
    expect(await read(bob.cookie)).toEqual({ id: bob.id, user: "bob" });
    expect(codes(onError)).toEqual(["ERR_SESSION_REVOKED:session"]);
  });

  it("clear() revokes the id it drops: a copy of the cookie taken before is refused", async () => {
    const { config, onError, signIn, read } = setup();
    const alice = await signIn("alice");
    const copied = alice.cookie;
    const request = new CookieRequest(alice.cookie);
    await (await useSession(request, config)).clear();
    expect(request.cookies[0]).toMatch(/Max-Age=0/);
    expect((await read(copied)).user).toBeUndefined();
    expect(codes(onError)).toEqual(["ERR_SESSION_REVOKED:session"]);
  });

  it("regenerate() revokes the id it replaces and keeps the data under the new one", async () => {
    const { config, signIn, read } = setup();
    const before = await signIn("alice");
    const request = new CookieRequest(before.cookie);
    const session = await useSession(request, config);
    await session.regenerate();
    expect(session.id).not.toBe(before.id);
    expect((await read(before.cookie)).user).toBeUndefined();
    expect(await read(request.jar)).toEqual({ id: session.id, user: "alice" });
  });

  it("revokeAll(user) signs a user out everywhere; sessions started afterwards and other users are untouched", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_800_000_000_000 });
    const { revocation, onError, signIn, read } = setup();
    const laptop = await signIn("alice");
    const phone = await signIn("alice");
    const bob = await signIn("bob");
    vi.setSystemTime(Date.now() + 1000);
    await revocation.revokeAll("alice");
    vi.setSystemTime(Date.now() + 1000);
    const later = await signIn("alice");
    expect((await read(laptop.cookie)).user).toBeUndefined();
    expect((await read(phone.cookie)).user).toBeUndefined();
    expect((await read(bob.cookie)).user).toBe("bob");
    expect((await read(later.cookie)).user).toBe("alice");
    expect(codes(onError)).toEqual(["ERR_SESSION_REVOKED:user", "ERR_SESSION_REVOKED:user"]);
  });

  it("reaches another server sharing the store within cacheMs, and not before it is read again", async () => {
    const storage = memoryStorage();
    const a = setup({ storage, cacheMs: 1000 });
    const b = setup({ storage, cacheMs: 1000 });
    const alice = await a.signIn("alice");
    expect((await b.read(alice.cookie)).user).toBe("alice"); // b now trusts "not revoked" for 1 s
    const revokedAt = performance.now();
    await a.revocation.revokeAll("alice");
    expect((await a.read(alice.cookie)).user).toBeUndefined(); // at once on the server that revoked
    expect((await b.read(alice.cookie)).user).toBe("alice"); // b answers from what it read, until cacheMs has passed
    let delay = 0;
    for (;;) {
      if ((await b.read(alice.cookie)).user === undefined) break;
      delay = performance.now() - revokedAt;
      expect(delay).toBeLessThan(1000 + 200);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(performance.now() - revokedAt).toBeGreaterThan(900);
    expect(performance.now() - revokedAt).toBeLessThan(1000 + 200);
  });

  it("when the store fails, refuses the session by default and tells onError; keeps it with onStoreError: 'open'", async () => {
    const memory = createStorage() as unknown as SessionStorage;
    let down = false;
    const storage: SessionStorage = {
      getItem: (key) => (down ? Promise.reject(new Error("ECONNREFUSED")) : memory.getItem(key)),
      setItem: (key, value, options) => memory.setItem(key, value, options),
      removeItem: (key) => memory.removeItem(key),
      getKeys: (base) => memory.getKeys(base),
    };
    for (const [mode, kept] of [
      ["closed", false],
      ["open", true],
    ] as const) {
      const { onError, signIn, read } = setup({
        storage,
        cacheMs: 0,
        onStoreError: mode,
        singleProcess: true,
      });
      const alice = await signIn("alice");
      down = true;
      expect((await read(alice.cookie)).user).toBe(kept ? "alice" : undefined);
      down = false;
      expect(codes(onError)).toEqual(["ERR_STORE_UNAVAILABLE"]);
      expect(onError.mock.calls[0]?.[0].cause.message).toBe("ECONNREFUSED");
    }
  });

  it("forgets a revocation after its ttl, also on drivers that ignore ttl (memory)", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_800_000_000_000 });
    const { revocation, signIn, read } = setup({ ttl: 60, cacheMs: 0 });
    const alice = await signIn("alice");
    await revocation.revoke(alice.id);
    expect((await read(alice.cookie)).user).toBeUndefined();
    vi.setSystemTime(Date.now() + 61_000);
    expect((await read(alice.cookie)).user).toBe("alice");
  });

  it("refuses configuration mistakes at start-up, saying how to fix them", async () => {
    expect(() => createRevocation({ cacheMs: -1 })).toThrow(OptionsInvalidError);
    expect(() => createRevocation({ cacheMs: 0.5 })).toThrow(/whole number of milliseconds/);
    expect(() => createRevocation({ ttl: 0 })).toThrow(/at least the sessions' maxAge/);
    expect(() => createRevocation({ onStoreError: "shut" as never })).toThrow(/"closed" or "open"/);
    await expect(
      useSession(new CookieRequest(), { password: PASSWORD, revocation: {} as never }),
    ).rejects.toThrow(/createRevocation/);
    await expect(
      useSession(new CookieRequest(), { password: PASSWORD, userKey: "userId" as never }),
    ).rejects.toThrow(/function of the session data/);
  });
});

describe("sign out everywhere across servers whose clocks disagree (issue 23)", () => {
  const T = 1_800_000_000_000;
  // Two servers on one store; each request runs at its server's clock (fake Date, set per call).
  function fleet(skewB: number) {
    const storage = memoryStorage();
    const a = setup({ storage, cacheMs: 1000 });
    const b = setup({ storage, cacheMs: 1000 });
    let now = T;
    const at = async <R>(server: "a" | "b", run: () => Promise<R>): Promise<R> => {
      vi.setSystemTime(now + (server === "b" ? skewB : 0));
      return run();
    };
    const pass = (ms: number) => {
      now += ms;
    };
    return { a, b, at, pass };
  }

  for (const skew of [-5000, -2000, -1500, 1500, 2000, 5000]) {
    it(`a sign-in on a server ${skew} ms off, just after a revokeAll, stays signed in everywhere`, async () => {
      vi.useFakeTimers({ toFake: ["Date"], now: T });
      const { a, b, at, pass } = fleet(skew);
      const old = await at("a", () => a.signIn("alice"));
      pass(100);
      await at("a", () => a.revocation.revokeAll("alice"));
      pass(100);
      const fresh = await at("b", () => b.signIn("alice"));
      pass(1500); // past every cache
      for (const server of ["a", "b"] as const) {
        const s = server === "a" ? a : b;
        expect((await at(server, () => s.read(fresh.cookie))).user).toBe("alice");
        expect((await at(server, () => s.read(old.cookie))).user).toBeUndefined();
      }
    });

    it(`a revokeAll from a server ${skew} ms off signs out every session signed in before it`, async () => {
      vi.useFakeTimers({ toFake: ["Date"], now: T });
      const { a, b, at, pass } = fleet(skew);
      const sessions = [];
      for (let i = 0; i < 5; i++) {
        sessions.push(await at("a", () => a.signIn("alice")));
        pass(300);
      }
      await at("b", () => b.revocation.revokeAll("alice"));
      pass(1500);
      for (const { cookie } of sessions) {
        expect((await at("a", () => a.read(cookie))).user).toBeUndefined();
        expect((await at("b", () => b.read(cookie))).user).toBeUndefined();
      }
    });
  }

  it("regenerate() inside the propagation window does not escape a revokeAll", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T });
    const { a, b, at, pass } = fleet(0);
    const alice = await at("a", () => a.signIn("alice"));
    expect((await at("b", () => b.read(alice.cookie))).user).toBe("alice"); // b caches "not revoked"
    await at("a", () => a.revocation.revokeAll("alice"));
    pass(100);
    // Still inside b's cache window: b regenerates the session (a new id and createdAt).
    const request = new CookieRequest(alice.cookie);
    const regenerated = await at("b", async () => {
      const session = await useSession(request, b.config);
      await session.regenerate();
      return request.jar;
    });
    pass(1500);
    expect((await at("a", () => a.read(regenerated))).user).toBeUndefined();
    expect((await at("b", () => b.read(regenerated))).user).toBeUndefined();
  });

  it("revokeAll refuses '' and what is not a user key; numbers and strings are different users", async () => {
    const { revocation, signIn, read } = setup({ cacheMs: 0 });
    for (const user of ["", null, {}, Number.NaN])
      await expect(revocation.revokeAll(user as never)).rejects.toMatchObject({
        code: "ERR_OPTIONS_INVALID",
      });
    const alice = await signIn("42");
    await revocation.revokeAll(42);
    expect((await read(alice.cookie)).user).toBe("42");
    await revocation.revokeAll("42");
    expect((await read(alice.cookie)).user).toBeUndefined();
  });
});
