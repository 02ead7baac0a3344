import Iron from "@hapi/iron";
import { H3, useSession } from "h3";
import * as IronWebCrypto from "iron-webcrypto";
import { describe, expect, it } from "vitest";
import { KeyCache, seal, unseal, unsealWithInfo } from "../src/index";
import { PASSWORD, PASSWORD_2 } from "./_helpers";

const record = {
  id: "c0ffee",
  createdAt: 1_700_000_000_000,
  data: { user: { name: "Ada", roles: ["admin"] }, note: "ü ☃ 🔑" },
};

// Both peers take iron's full option object; only the iteration count and ttl vary here.
function ironOptions(iterations: number, ttl = 0) {
  return {
    ...Iron.defaults,
    ttl,
    encryption: { ...Iron.defaults.encryption, iterations },
    integrity: { ...Iron.defaults.integrity, iterations },
  };
}

const peers = [
  {
    name: "@hapi/iron 7",
    seal: (data: unknown, password: unknown, iterations: number, ttl?: number) =>
      Iron.seal(data, password as never, ironOptions(iterations, ttl)),
    unseal: (token: string, password: unknown, iterations: number) =>
      Iron.unseal(token, password as never, ironOptions(iterations)),
  },
  {
    name: "iron-webcrypto 2",
    seal: (data: unknown, password: unknown, iterations: number, ttl?: number) =>
      IronWebCrypto.seal(data, password as never, ironOptions(iterations, ttl) as never),
    unseal: (token: string, password: unknown, iterations: number) =>
      IronWebCrypto.unseal(token, password as never, ironOptions(iterations) as never),
  },
];

const ours = (iterations: number, ttl?: number) => ({
  ttl,
  encryption: { iterations },
  integrity: { iterations },
});

describe.each(peers)("interop with $name", (peer) => {
  describe.each([1, 8192])("at %i iterations", (iterations) => {
    it("unseals what we seal, with reused salts, random salts and no cache", async () => {
      for (const extra of [{}, { saltReuse: false as const }, { cache: false as const }]) {
        const token = await seal(record, PASSWORD, { ...ours(iterations), ...extra });
        expect(await peer.unseal(token, PASSWORD, iterations)).toEqual(record);
      }
    });

    it("seals what we unseal", async () => {
      const token = await peer.seal(record, PASSWORD, iterations);
      expect(await unseal(token, PASSWORD, ours(iterations))).toEqual(record);
      // Twice, the second time from the key cache.
      expect(await unseal(token, PASSWORD, ours(iterations))).toEqual(record);
    });

    it("carries password ids both ways, and rotation maps read them", async () => {
      const theirs = await peer.seal(record, { id: "7", secret: PASSWORD }, iterations);
      expect(theirs.split("*")[1]).toBe("7");
      expect(
        await unsealWithInfo(theirs, { 7: PASSWORD, 8: PASSWORD_2 }, ours(iterations)),
      ).toMatchObject({
        data: record,
        passwordId: "7",
        stalePassword: true,
      });
      const mine = await seal(record, { 7: PASSWORD, 8: PASSWORD_2 }, ours(iterations));
      expect(mine.split("*")[1]).toBe("8");
      expect(await peer.unseal(mine, { 7: PASSWORD, 8: PASSWORD_2 }, iterations)).toEqual(record);
    });

    it("agrees on ttl: both write and honour the expiration", async () => {
      const mine = await seal(record, PASSWORD, ours(iterations, 60_000));
      expect(await peer.unseal(mine, PASSWORD, iterations)).toEqual(record);
      const theirs = await peer.seal(record, PASSWORD, iterations, 60_000);
      const info = await unsealWithInfo(theirs, PASSWORD, ours(iterations));
      expect(info.expiresAt).toBeGreaterThan(Date.now() + 50_000);
      // Both refuse an expired token (past the 60 s skew).
      const expired = await seal(record, PASSWORD, {
        ...ours(iterations, 1),
        localtimeOffsetMsec: -120_000,
      });
      await expect(peer.unseal(expired, PASSWORD, iterations)).rejects.toThrow(/Expired/);
      const theirsExpired = await peer.seal(record, PASSWORD, iterations, 1);
      await expect(
        unseal(theirsExpired, PASSWORD, { ...ours(iterations), localtimeOffsetMsec: 120_000 }),
      ).rejects.toMatchObject({
        code: "ERR_SEAL_EXPIRED",
      });
    });

    it("refuses the peer's token under another password, and the peer refuses ours", async () => {
      const theirs = await peer.seal(record, PASSWORD, iterations);
      await expect(unseal(theirs, PASSWORD_2, ours(iterations))).rejects.toMatchObject({
        code: "ERR_SEAL_MAC",
      });
      const mine = await seal(record, PASSWORD, ours(iterations));
      await expect(peer.unseal(mine, PASSWORD_2, iterations)).rejects.toThrow();
    });
  });

  it("interoperates with a 32-byte raw key and with aes-128-ctr", async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const keyForPeer = peer.name.startsWith("@hapi") ? Buffer.from(key) : key;
    expect(await peer.unseal(await seal(record, key), keyForPeer, 8192)).toEqual(record);
    expect(await unseal(await peer.seal(record, keyForPeer, 8192), key)).toEqual(record);

    const ctr = { encryption: { algorithm: "aes-128-ctr" as const } };
    const ctrPeer = {
      ...ironOptions(8192),
      encryption: { ...ironOptions(8192).encryption, algorithm: "aes-128-ctr" },
    };
    const unsealPeer = peer.name.startsWith("@hapi") ? Iron.unseal : IronWebCrypto.unseal;
    const sealPeer = peer.name.startsWith("@hapi") ? Iron.seal : IronWebCrypto.seal;
    expect(await unsealPeer(await seal(record, PASSWORD, ctr), PASSWORD, ctrPeer as never)).toEqual(
      record,
    );
    expect(await unseal(await sealPeer(record, PASSWORD, ctrPeer as never), PASSWORD, ctr)).toEqual(
      record,
    );
  });

  it("reads the peer's 1-iteration tokens through legacyFallback and says so", async () => {
    const token = await peer.seal(record, PASSWORD, 1);
    expect(await unsealWithInfo(token, PASSWORD, { legacyFallback: true })).toMatchObject({
      data: record,
      legacy: true,
      iterations: 1,
    });
  });
});

describe("interop with h3 2.x useSession", () => {
  const config = { password: PASSWORD, name: "h3" };

  function h3App() {
    const app = new H3();
    app.get("/create", async (event) => {
      const session = await useSession(event, config);
      await session.update({ user: "grace", visits: 3 });
      return { id: session.id };
    });
    app.get("/read", async (event) => {
      const session = await useSession(event, config);
      return { id: session.id, data: session.data };
    });
    return app;
  }

  function cookieValue(response: Response, name: string): string {
    const cookie = response.headers.getSetCookie().findLast((c) => c.startsWith(`${name}=`));
    if (!cookie) throw new Error(`no ${name} cookie`);
    return decodeURIComponent(cookie.slice(name.length + 1, cookie.indexOf(";")));
  }

  it("unseals the cookie h3 seals, with the same password", async () => {
    const response = await h3App().request("/create");
    const { id } = (await response.json()) as { id: string };
    const token = cookieValue(response, "h3");
    const session = (await unseal(token, PASSWORD)) as {
      id: string;
      createdAt: number;
      data: unknown;
    };
    expect(session.id).toBe(id);
    expect(session.data).toEqual({ user: "grace", visits: 3 });
    expect(session.createdAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it("h3 reads a session record we seal, as cookie and as x-h3-session header", async () => {
    const token = await seal(
      { id: "from-us", createdAt: Date.now(), data: { user: "linus" } },
      PASSWORD,
      { cache: new KeyCache() },
    );
    for (const headers of [{ cookie: `h3=${token}` }, { "x-h3-session": token }] as Record<
      string,
      string
    >[]) {
      const response = await h3App().request("/read", { headers });
      expect(await response.json()).toEqual({ id: "from-us", data: { user: "linus" } });
    }
  });
});

describe("raw keys of any HMAC size", () => {
  it("a 64-byte raw integrity key seals and unseals, here and in @hapi/iron", async () => {
    const password = {
      id: "raw",
      encryption: Buffer.from(crypto.getRandomValues(new Uint8Array(32))),
      integrity: Buffer.from(crypto.getRandomValues(new Uint8Array(64))),
    };
    const token = await seal(record, password);
    expect(await unseal(token, { raw: password })).toEqual(record);
    expect(
      await Iron.unseal(token, { raw: password } as never, {
        ...Iron.defaults,
        encryption: { ...Iron.defaults.encryption, iterations: 8192 },
        integrity: { ...Iron.defaults.integrity, iterations: 8192 },
      }),
    ).toEqual(record);
  });
});
