import { subtle } from "uncrypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KeyCache, OptionsInvalidError, seal, unseal, unsealWithInfo } from "../src/index";
import { codeOf, PASSWORD, PASSWORD_2 } from "./_helpers";

const record = { id: "k", createdAt: 1, data: { a: 1 } };
const rawSeal = (password: string, iterations = 8192) =>
  seal(record, password, { cache: false, encryption: { iterations }, integrity: { iterations } });

/** Counts PBKDF2 derivations made through Web Crypto while `run` executes. */
async function countDerivations(run: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(subtle, "deriveKey");
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("KeyCache", () => {
  it("derives a token's two keys once; later unseals cost no derivation", async () => {
    const cache = new KeyCache({ maxTokens: 0 });
    const token = await rawSeal(PASSWORD);
    expect(await countDerivations(() => unseal(token, PASSWORD, { cache }))).toBe(2);
    expect(await countDerivations(() => unseal(token, PASSWORD, { cache }))).toBe(0);
    expect(cache.size).toMatchObject({ secrets: 1, keys: 2 });
  });

  it("seals without deriving once the window is open, and unseals its own tokens from the cache", async () => {
    const cache = new KeyCache();
    // First seal: the salt key and the two window keys.
    expect(await countDerivations(() => seal(record, PASSWORD, { cache }))).toBe(3);
    let token = "";
    expect(
      await countDerivations(async () => (token = await seal(record, PASSWORD, { cache }))),
    ).toBe(0);
    expect(await countDerivations(() => unseal(token, PASSWORD, { cache }))).toBe(0);
  });

  it("shares one derivation between concurrent unseals of a new salt", async () => {
    const cache = new KeyCache();
    const token = await rawSeal(PASSWORD);
    const derivations = await countDerivations(() =>
      Promise.all(Array.from({ length: 20 }, () => unseal(token, PASSWORD, { cache }))),
    );
    expect(derivations).toBe(2);
  });

  it("never uses a cached key for another secret, iteration count or algorithm", async () => {
    const cache = new KeyCache();
    const token = await rawSeal(PASSWORD);
    await unseal(token, PASSWORD, { cache });
    // Same salts, different secret / iterations: the cached keys must not verify them.
    expect(codeOf(await unseal(token, PASSWORD_2, { cache }).catch((e) => e))).toBe("ERR_SEAL_MAC");
    expect(
      codeOf(
        await unseal(token, PASSWORD, {
          cache,
          encryption: { iterations: 1 },
          integrity: { iterations: 1 },
        }).catch((e) => e),
      ),
    ).toBe("ERR_SEAL_MAC");
    const ctr = { cache, encryption: { algorithm: "aes-128-ctr" as const } };
    // The MAC key is the same (same salt, sha256, 8192), but the encryption key must be a new AES-128 one.
    expect(await countDerivations(() => unseal(token, PASSWORD, ctr).catch(() => undefined))).toBe(
      1,
    );
  });

  it("does not keep keys of tokens that fail to verify: forged salts neither fill nor flush it", async () => {
    const cache = new KeyCache({ maxKeysPerSecret: 8 });
    const genuine = await rawSeal(PASSWORD);
    await unseal(genuine, PASSWORD, { cache });
    for (let i = 0; i < 30; i++) {
      const forged = await rawSeal(PASSWORD_2);
      const derivations = await countDerivations(() =>
        unseal(forged, PASSWORD, { cache }).catch(() => undefined),
      );
      // A forged token costs one derivation (its MAC key), never the encryption key.
      expect(derivations).toBe(1);
    }
    expect(cache.size.keys).toBe(2);
    expect(await countDerivations(() => unseal(genuine, PASSWORD, { cache }))).toBe(0);
  });

  it("stays within its bounds under a flood of distinct genuine salts and secrets", async () => {
    const cache = new KeyCache({ maxSecrets: 3, maxKeysPerSecret: 10 });
    const tokens = await Promise.all(Array.from({ length: 25 }, () => rawSeal(PASSWORD, 1)));
    for (const token of tokens)
      await unseal(token, PASSWORD, {
        cache,
        encryption: { iterations: 1 },
        integrity: { iterations: 1 },
      });
    expect(cache.size).toMatchObject({ secrets: 1, keys: 10 });
    for (let i = 0; i < 6; i++) {
      const secret = `${PASSWORD}-${i}`;
      await unseal(await rawSeal(secret, 1), secret, {
        cache,
        encryption: { iterations: 1 },
        integrity: { iterations: 1 },
      });
    }
    expect(cache.size.secrets).toBe(3);
    expect(cache.size.keys).toBeLessThanOrEqual(30);
  });

  it("recovers when Web Crypto fails once, without caching the failure", async () => {
    const cache = new KeyCache();
    const token = await rawSeal(PASSWORD);
    const spy = vi.spyOn(subtle, "deriveKey").mockRejectedValueOnce(new Error("transient"));
    await expect(unseal(token, PASSWORD, { cache })).rejects.toThrow("transient");
    spy.mockRestore();
    expect(await unseal(token, PASSWORD, { cache })).toEqual(record);
  });

  it("onlyOwnSalts refuses tokens whose salts it did not issue, deriving no key for them", async () => {
    const cache = new KeyCache();
    const options = { cache, onlyOwnSalts: true };
    const own = await seal(record, PASSWORD, { cache });
    expect(await unseal(own, PASSWORD, options)).toEqual(record);
    const foreign = await rawSeal(PASSWORD);
    const parts = own.split("*");
    const mimic = [...parts];
    // The right shape, the wrong HMAC: a forger without the password cannot do better.
    mimic[2] = (parts[2] as string).replace(/_[0-9a-f]{8}/, "_00000000");
    mimic[6] = (parts[6] as string).replace(/_[0-9a-f]{8}/, "_00000000");
    for (const token of [foreign, mimic.join("*")]) {
      const derivations = await countDerivations(async () =>
        expect(codeOf(await unseal(token, PASSWORD, options).catch((e) => e))).toBe(
          "ERR_SEAL_FOREIGN_SALT",
        ),
      );
      expect(derivations).toBe(0);
    }
    // Without the option the foreign token is read as usual.
    expect(await unseal(foreign, PASSWORD, { cache })).toEqual(record);
  });

  it("onlyOwnSalts keeps the key of a salt proven ours: forgeries reusing a genuine token's salts cost one derivation in all", async () => {
    const genuine = await seal(record, PASSWORD, { cache: new KeyCache() }); // another process, same password
    const cache = new KeyCache(); // this process, just restarted
    const options = { cache, onlyOwnSalts: true };
    const forge = (i: number) => {
      const parts = genuine.split("*");
      parts[7] = `${(parts[7] as string).slice(0, -4)}${i.toString(36).padStart(4, "A")}`;
      return parts.join("*");
    };
    const first = await countDerivations(() =>
      unseal(forge(0), PASSWORD, options).catch(() => undefined),
    );
    expect(first).toBe(2); // the salt key, then the MAC key
    // One after another, as requests arriving over time (concurrent ones would share a derivation anyway).
    const rest = await countDerivations(async () => {
      for (let i = 1; i <= 50; i++)
        await unseal(forge(i), PASSWORD, options).catch(() => undefined);
    });
    expect(rest).toBe(0);
    expect(await unseal(genuine, PASSWORD, options)).toEqual(record);
  });

  it("recognises another process's window salts (same password), with its own salt key", async () => {
    const token = await seal(record, PASSWORD, { cache: new KeyCache() });
    expect(await unseal(token, PASSWORD, { cache: new KeyCache(), onlyOwnSalts: true })).toEqual(
      record,
    );
  });

  it("refuses sizes that cannot work", () => {
    expect(() => new KeyCache({ maxSecrets: 0 })).toThrow(OptionsInvalidError);
    expect(() => new KeyCache({ maxKeysPerSecret: 1.5 })).toThrow(OptionsInvalidError);
  });

  it("clear() forgets every key", async () => {
    const cache = new KeyCache();
    await unseal(await rawSeal(PASSWORD), PASSWORD, { cache });
    cache.clear();
    expect(cache.size).toEqual({ secrets: 0, keys: 0, tokens: 0 });
  });
});

describe("KeyCache verified tokens", () => {
  const countCrypto = async (run: () => Promise<unknown>) => {
    const spies = [
      vi.spyOn(subtle, "sign"),
      vi.spyOn(subtle, "decrypt"),
      vi.spyOn(subtle, "deriveKey"),
    ];
    try {
      await run();
      return spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  };

  it("reads a token it verified, or sealed, again with no cryptography", async () => {
    const cache = new KeyCache();
    const sealed = await seal(record, PASSWORD, { cache });
    expect(await countCrypto(() => unseal(sealed, PASSWORD, { cache }))).toBe(0);
    const foreign = await rawSeal(PASSWORD);
    expect(await countCrypto(() => unseal(foreign, PASSWORD, { cache }))).toBeGreaterThan(0);
    expect(await countCrypto(() => unseal(foreign, PASSWORD, { cache }))).toBe(0);
    expect(cache.size.tokens).toBe(2);
  });

  it("hands out a fresh copy each time", async () => {
    const cache = new KeyCache();
    const token = await seal(record, PASSWORD, { cache });
    const first = (await unseal(token, PASSWORD, { cache })) as typeof record;
    first.data.a = 99;
    expect(await unseal(token, PASSWORD, { cache })).toEqual(record);
  });

  it("never answers for another secret, other options, or a legacy token without the fallback", async () => {
    const cache = new KeyCache();
    const token = await seal(record, PASSWORD, { cache });
    expect(codeOf(await unseal(token, PASSWORD_2, { cache }).catch((e) => e))).toBe("ERR_SEAL_MAC");
    const fewer = { cache, encryption: { iterations: 1 }, integrity: { iterations: 1 } };
    expect(codeOf(await unseal(token, PASSWORD, fewer).catch((e) => e))).toBe("ERR_SEAL_MAC");
    const legacy = await seal(record, PASSWORD, fewer);
    await unseal(legacy, PASSWORD, { cache, legacyFallback: true });
    expect(codeOf(await unseal(legacy, PASSWORD, { cache }).catch((e) => e))).toBe("ERR_SEAL_MAC");
    expect(await unsealWithInfo(legacy, PASSWORD, { cache, legacyFallback: true })).toMatchObject({
      legacy: true,
      iterations: 1,
    });
  });

  it("still enforces expiry on a remembered token", async () => {
    const cache = new KeyCache();
    const token = await seal(record, PASSWORD, { cache, ttl: 1000 });
    expect(await unseal(token, PASSWORD, { cache })).toEqual(record);
    expect(
      codeOf(await unseal(token, PASSWORD, { cache, localtimeOffsetMsec: 62_000 }).catch((e) => e)),
    ).toBe("ERR_SEAL_EXPIRED");
  });

  it("stays within maxTokens, and maxTokens: 0 turns it off", async () => {
    const cache = new KeyCache({ maxTokens: 3 });
    for (let i = 0; i < 10; i++) await seal({ i }, PASSWORD, { cache });
    expect(cache.size.tokens).toBe(3);
    const off = new KeyCache({ maxTokens: 0 });
    const token = await seal(record, PASSWORD, { cache: off });
    expect(await countCrypto(() => unseal(token, PASSWORD, { cache: off }))).toBeGreaterThan(0);
    expect(off.size.tokens).toBe(0);
  });
});
