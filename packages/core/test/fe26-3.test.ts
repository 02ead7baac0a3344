// Fe26.3, the AEAD draft of iron-webcrypto (PR #18, src/gcm.ts @ fedc2ad):
// byte for byte the tokens the draft seals, every one of its tokens read, and
// sessions that read both formats whatever they write.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createSealer,
  KeyCache,
  type SessionConfig,
  type SessionEvent,
  seal,
  unseal,
  unsealWithInfo,
  useWebSession,
} from "../src/index";
import { crypto } from "../src/seal/provider";
import { codeOf, mutateAt, PASSWORD, PASSWORD_2 } from "./_helpers";

interface Vector {
  name: string;
  password: string;
  id: string;
  data: unknown;
  now: number | null;
  ttl: number;
  salt?: string;
  iv?: string;
  token: string;
  deterministic: boolean;
}
// Made by running the draft's own seal (see `source` in the file); its code is not in this repository.
const { vectors, rawKeyVectors } = JSON.parse(
  readFileSync(new URL("./fixtures/fe26-3-draft.json", import.meta.url), "utf8"),
) as { vectors: Vector[]; rawKeyVectors: Array<Vector & { passwordHex: string }> };
const FE26_3 = { format: "Fe26.3" } as const;
const passwordOf = (v: Vector) => (v.id ? { id: v.id, secret: v.password } : v.password);
const fromHex = (hex: string) =>
  Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("Fe26.3 against the draft's vectors", () => {
  it.each(vectors.filter((v) => v.deterministic))(
    "seals $name to the draft's exact token, given its salt and IV",
    async (v) => {
      if (v.now !== null) vi.useFakeTimers({ now: v.now, toFake: ["Date"] });
      const salt = fromHex(v.salt as string);
      const iv = crypto.decodeBase64Url(v.iv as string) as Uint8Array;
      expect(salt.length).toBe(32);
      expect(iv.length).toBe(12);
      // A fresh module graph: its random pool starts empty, so the first
      // draw (the pool's refill) is this one, and the salt and IV its first 44 bytes.
      vi.resetModules();
      const fresh = await import("../src/seal/provider");
      vi.spyOn(fresh.crypto, "randomBytes").mockImplementation((size) => {
        const bytes = new Uint8Array(size);
        bytes.set(salt);
        bytes.set(iv, 32);
        return bytes;
      });
      const { seal: sealFresh } = await import("../src/index");
      const token = await sealFresh(v.data, passwordOf(v), { ...FE26_3, ttl: v.ttl, cache: false });
      expect(token).toBe(v.token);
    },
  );

  it.each(vectors)("reads the draft's $name token, whatever format it writes", async (v) => {
    if (v.now !== null) vi.useFakeTimers({ now: v.now, toFake: ["Date"] });
    const password = v.id ? { [v.id]: v.password } : v.password;
    for (const options of [FE26_3, {}, { format: "Fe26.2" as const, cache: false as const }]) {
      const info = await unsealWithInfo(v.token, password, options);
      expect(info.data).toEqual(v.data);
      expect(info).toMatchObject({
        format: "Fe26.3",
        passwordId: v.id,
        iterations: 0,
        legacy: false,
      });
      expect(info.expiresAt).toBe(v.ttl ? (v.now as number) + v.ttl : undefined);
    }
  });

  it("reads the draft's token under a raw 32-byte key (no salt: the key imported as it is), and seals such keys through HKDF", async () => {
    for (const v of rawKeyVectors) {
      const key = fromHex(v.passwordHex);
      expect(await unsealWithInfo(v.token, key)).toMatchObject({ data: v.data, format: "Fe26.3" });
      await expect(
        unseal(v.token, fromHex(`${"ab".repeat(16)}${"cd".repeat(16)}`)).catch(codeOf),
      ).resolves.toBe("ERR_SEAL_MAC");
      // Sealed here, a raw key goes through HKDF under a fresh salt, as PR #18 describes.
      const ours = await seal(v.data, key, FE26_3);
      expect(ours.split("*")[2]).toMatch(/^[0-9a-f]{64}$/);
      expect(await unseal(ours, key)).toEqual(v.data);
    }
  });

  it("refuses each vector changed anywhere: a MAC error, or a malformed token", async () => {
    const v = vectors[1] as Vector; // id and expiration: every part is there
    vi.useFakeTimers({ now: v.now as number, toFake: ["Date"] });
    const codes = new Set<string>();
    for (let i = 0; i < v.token.length; i++) {
      const changed = mutateAt(v.token, i);
      if (changed === v.token) continue;
      const code = await unseal(changed, { [v.id]: v.password }, FE26_3).then(
        () => "opened",
        codeOf,
      );
      expect(["ERR_SEAL_MAC", "ERR_SEAL_MALFORMED", "ERR_SEAL_UNKNOWN_KEY"]).toContain(code);
      codes.add(code);
    }
    expect([...codes].sort()).toEqual([
      "ERR_SEAL_MAC",
      "ERR_SEAL_MALFORMED",
      "ERR_SEAL_UNKNOWN_KEY",
    ]);
  });

  it("refuses a wrong secret, an expired token, an unknown id and a junk tail", async () => {
    const [plain, timed, named] = vectors as [Vector, Vector, Vector];
    await expect(unseal(plain.token, PASSWORD, FE26_3).catch(codeOf)).resolves.toBe("ERR_SEAL_MAC");
    // Its expiration has passed (sealed for an hour in 2026-11), beyond the 60 s skew.
    await expect(unseal(timed.token, { 2: timed.password }).catch(codeOf)).resolves.toBe(
      "ERR_SEAL_EXPIRED",
    );
    await expect(unseal(named.token, { 3: named.password }).catch(codeOf)).resolves.toBe(
      "ERR_SEAL_UNKNOWN_KEY",
    );
    for (const junk of [
      `${plain.token}*`,
      `${plain.token}0`,
      plain.token.replace("Fe26.3", "Fe26.4"),
      "Fe26.3*****",
    ])
      await expect(unseal(junk, plain.password).catch(codeOf)).resolves.toBe("ERR_SEAL_MALFORMED");
  });
});

describe("Fe26.3 as written here", () => {
  it("round-trips through both formats' readers, with a fresh salt and IV per token", async () => {
    const sealer = createSealer({ 2: PASSWORD, 1: PASSWORD_2 }, { ...FE26_3, ttl: 60_000 });
    const a = await sealer.seal({ n: 1 });
    const b = await sealer.seal({ n: 1 });
    expect(a).toMatch(/^Fe26\.3\*2\*[0-9a-f]{64}\*[\w-]{16}\*[\w-]+\*\d{13}$/);
    expect(a.split("*")[2]).not.toBe(b.split("*")[2]);
    expect(a.split("*")[3]).not.toBe(b.split("*")[3]);
    expect(await unseal(a, { 2: PASSWORD })).toEqual({ n: 1 });
    // A token under an older id reads, and says it deserves a reseal.
    const old = await seal({ n: 2 }, { id: 1, secret: PASSWORD_2 }, FE26_3);
    expect(await sealer.unsealWithInfo(old)).toMatchObject({ data: { n: 2 }, stalePassword: true });
  });

  it("refuses at start-up what Fe26.3 cannot seal with, and says how to fix it", () => {
    expect(() => createSealer({ encryption: PASSWORD, integrity: PASSWORD_2 }, FE26_3)).toThrow(
      /one secret per password id/,
    );
    expect(() => createSealer(PASSWORD, { format: "Fe26.4" as never })).toThrow(
      /"Fe26.2" or "Fe26.3"/,
    );
  });

  it("reads a token it sealed again without crypto (the token memory)", async () => {
    const sealer = createSealer(PASSWORD, FE26_3);
    const token = await sealer.seal({ hot: true });
    const decrypt = vi.spyOn(crypto, "decryptGcm");
    for (let i = 0; i < 3; i++) expect(await sealer.unseal(token)).toEqual({ hot: true });
    expect(decrypt).not.toHaveBeenCalled();
    // …but a remembered token is not a free pass for a changed one.
    await expect(sealer.unseal(mutateAt(token, token.length - 20)).catch(codeOf)).resolves.toBe(
      "ERR_SEAL_MAC",
    );
    expect(decrypt).toHaveBeenCalledTimes(1);
  });
});

describe("Fe26.3 keys in the key cache", () => {
  it("keeps the key of a token it sealed or verified, and none for forged salts", async () => {
    const cache = new KeyCache({ maxTokens: 0 }); // no token memory: every unseal opens the token
    const sealer = createSealer(PASSWORD, { ...FE26_3, cache });
    const token = await sealer.seal({ n: 1 });
    expect(cache.size.keys).toBe(1);
    const derive = vi.spyOn(crypto, "deriveGcmKey");
    expect(await sealer.unseal(token)).toEqual({ n: 1 });
    expect(derive).not.toHaveBeenCalled(); // its own token's key was kept
    const [head, id, , iv, body, exp] = token.split("*") as string[];
    for (let i = 0; i < 50; i++) {
      const salt = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString(
        "hex",
      );
      const forged = [head, id, salt, iv, body, exp].join("*");
      await expect(sealer.unseal(forged).catch(codeOf)).resolves.toBe("ERR_SEAL_MAC");
    }
    expect(derive).toHaveBeenCalledTimes(50);
    expect(cache.size.keys).toBe(1);
    // A genuine token from another server is kept once it verified.
    const other = await seal({ n: 2 }, PASSWORD, { ...FE26_3, cache: false });
    expect(await sealer.unseal(other)).toEqual({ n: 2 });
    expect(cache.size.keys).toBe(2);
    expect(derive).toHaveBeenCalledTimes(52); // the other server's seal, and our unseal
    cache.clear();
    expect(await sealer.unseal(token)).toEqual({ n: 1 });
    expect(derive).toHaveBeenCalledTimes(53);
  });
});

/** A request carrying `cookie` under `config`: its session, what telemetry and onError saw, the token written. */
async function visit(cookie: string, config: SessionConfig, write?: object) {
  const reads: Array<{ format: string; reseal?: string }> = [];
  const errors: string[] = [];
  const request = new Request("http://localhost/", { headers: { cookie } });
  const session = await useWebSession(request, {
    name: "sid",
    ...config,
    telemetry: (event: SessionEvent) => {
      if (event.type === "read") reads.push({ format: event.format, reseal: event.reseal });
    },
    onError: (error) => errors.push(error.code),
  });
  if (write) await session.update(write);
  const setCookie = session.applyTo(new Response(null)).headers.getSetCookie();
  const written = setCookie[0]?.match(/^sid=([^;]*)/)?.[1];
  return { data: session.data, reads, errors, written };
}

describe("sessions in a two-phase rollout", () => {
  const record = (data: object) => ({ id: "s1", createdAt: Date.now(), data });
  const phase1: SessionConfig = { password: PASSWORD };
  const phase2: SessionConfig = { password: PASSWORD, seal: FE26_3 };

  it("phase 1 writes Fe26.2 and reads an Fe26.3 cookie without rewriting it", async () => {
    const fresh = await visit("", phase1, { n: 1 });
    expect(fresh.written).toMatch(/^Fe26\.2\*/);
    const newer = await seal(record({ user: "ada" }), PASSWORD, FE26_3);
    const read = await visit(`sid=${newer}`, phase1);
    expect(read).toMatchObject({ data: { user: "ada" }, errors: [], written: undefined });
    expect(read.reads).toEqual([{ format: "Fe26.3", reseal: undefined }]);
  });

  it("phase 2 writes Fe26.3, and reseals an Fe26.2 cookie on first use, counted by format", async () => {
    expect((await visit("", phase2, { n: 1 })).written).toMatch(/^Fe26\.3\*/);
    const older = await seal(record({ user: "ada" }), PASSWORD);
    const read = await visit(`sid=${older}`, phase2);
    expect(read).toMatchObject({ data: { user: "ada" }, errors: [] });
    expect(read.reads).toEqual([{ format: "Fe26.2", reseal: "legacy" }]);
    expect(read.written).toMatch(/^Fe26\.3\*/);
    // The resealed cookie is an Fe26.3 one that phase 1 servers read too.
    const back = await visit(`sid=${read.written}`, phase1);
    expect(back).toMatchObject({ data: { user: "ada" }, errors: [], written: undefined });
    const again = await visit(`sid=${read.written}`, phase2);
    expect(again.reads).toEqual([{ format: "Fe26.3", reseal: undefined }]);
    expect(again.written).toBeUndefined();
  });

  it("phase 2 with acceptLegacyUntil passed refuses an authentic Fe26.2 cookie as legacy", async () => {
    const older = await seal(record({ user: "ada" }), PASSWORD);
    const until = new Date(Date.now() - 1000);
    const read = await visit(`sid=${older}`, { ...phase2, acceptLegacyUntil: until });
    expect(read).toMatchObject({ data: {}, errors: ["ERR_SESSION_LEGACY"] });
    // Phase 1 under the same date still reads it: Fe26.2 is its own format there.
    const kept = await visit(`sid=${older}`, { ...phase1, acceptLegacyUntil: until });
    expect(kept).toMatchObject({ data: { user: "ada" }, errors: [] });
  });

  it("a forged, truncated or cross-password Fe26.3 cookie gives a fresh session, never a throw", async () => {
    const token = await seal(record({ user: "ada" }), PASSWORD, FE26_3);
    for (const cookie of [
      mutateAt(token, 90),
      token.slice(0, -30),
      await seal(record({ user: "eve" }), PASSWORD_2, FE26_3),
      `Fe26.3*${"*".repeat(4000)}`,
    ]) {
      const read = await visit(`sid=${cookie}`, phase2);
      expect(read.data).toEqual({});
      expect(read.errors.length).toBe(1);
    }
  });

  it("phase 2 binds its tokens to the cookie by default: swapped into another cookie, or unbound, they are refused", async () => {
    const written = (await visit("", phase2, { role: "admin" })).written as string;
    const other = await visit(`prefs=${written}`, { ...phase2, name: "prefs" });
    expect(other).toMatchObject({ data: {}, errors: ["ERR_SESSION_INVALID"] });
    // An Fe26.3 token without a binding was never made by phase 2: refused.
    const unbound = await seal(record({ role: "admin" }), PASSWORD, FE26_3);
    expect(await visit(`sid=${unbound}`, phase2)).toMatchObject({
      errors: ["ERR_SESSION_INVALID"],
    });
    // `bind: false` turns the default off.
    expect(await visit(`sid=${unbound}`, { ...phase2, bind: false })).toMatchObject({
      data: { role: "admin" },
      errors: [],
    });
  });

  it("a phase 1 server that rewrites a bound Fe26.3 session hands phase 2 a cookie it reads", async () => {
    const bound = (await visit("", phase2, { n: 1 })).written as string;
    const rewritten = await visit(`sid=${bound}`, phase1, { n: 2 });
    expect(rewritten.data).toEqual({ n: 2 });
    expect(rewritten.written).toMatch(/^Fe26\.2\*/);
    const back = await visit(`sid=${rewritten.written}`, phase2);
    expect(back).toMatchObject({ data: { n: 2 }, errors: [] });
    expect(back.reads).toEqual([{ format: "Fe26.2", reseal: "legacy" }]);
  });
});
