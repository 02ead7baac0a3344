// Floods, in process through the Web binding (no HTTP in the way): 50,000
// forged tokens — fresh salts, a genuine token's salts reused, unknown
// password ids — and 100 KB Cookie headers that no Node server would let
// through. Each forged token costs at most one PBKDF2 derivation, the keys of
// genuine sessions stay cached, and the heap stays bounded.
import { createRequire, syncBuiltinESMExports } from "node:module";
import { defaultKeyCache, type SessionConfig, useWebSession } from "@sealed-session/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hex, pool } from "../src/client";
import { count, table } from "../src/tally";

const PASSWORD = "hostile-suite-password-0123456789-abcdefgh";
const OLD_PASSWORD = "hostile-suite-old-password-9876543210-zyxw";
const DATA = { user: "ada", role: "member" };
const errors: string[] = [];
const onError = (error: { code: string }) => errors.push(error.code);
const plain: SessionConfig = { password: PASSWORD, onError };
const rotation: SessionConfig = { password: { 1: OLD_PASSWORD, 2: PASSWORD }, onError };
const ownSalts: SessionConfig = { password: PASSWORD, seal: { onlyOwnSalts: true }, onError };

// node:crypto's CommonJS exports, spied on and synced into the ES module the core's Node build imports.
const nodeCrypto = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
// PBKDF2 calls: at the configured iterations, and at 1 (legacySealFallback's try, two HMACs).
let derivations = 0;
let legacyTries = 0;

// A plain wrapper, not vi.spyOn: a spy records every call's arguments, and
// 50,000 of them would be the heap growth this suite measures.
const pbkdf2 = nodeCrypto.pbkdf2;
beforeAll(() => {
  nodeCrypto.pbkdf2 = ((...args: Parameters<typeof pbkdf2>) => {
    if (args[2] === 1) legacyTries++;
    else derivations++;
    return pbkdf2(...args);
  }) as typeof pbkdf2;
  syncBuiltinESMExports();
});

afterAll(() => {
  nodeCrypto.pbkdf2 = pbkdf2;
  syncBuiltinESMExports();
  console.log(`\nHostile input, counts so far:\n${table()}\n`);
});

afterEach(() => {
  errors.length = 0;
});

const request = (cookie: string) => new Request("http://127.0.0.1/", { headers: { cookie } });

async function genuine(config: SessionConfig): Promise<string> {
  const session = await useWebSession(request(""), config);
  await session.update(DATA);
  const setCookie = session.applyTo(new Response(null)).headers.getSetCookie()[0] as string;
  return setCookie.slice(setCookie.indexOf("=") + 1, setCookie.indexOf(";"));
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
}

/** Reads `n` tokens made by `make` (made as they are sent: the suite holds none) through the Web binding; returns how many loaded the genuine data. */
async function readAll(
  n: number,
  make: (i: number) => string,
  config: SessionConfig,
): Promise<number> {
  let accepted = 0;
  const indexes = Array.from({ length: n }, (_, i) => i);
  // The fresh session a refused token gets stays unsealed (lazy): sealing it
  // would derive this process's own window salts when their window turns
  // over (on the hour, wall-clock aligned), two derivations the count would
  // blame on the forged tokens.
  const reading = { ...config, lazy: true };
  await pool(indexes, 32, async (i) => {
    const session = await useWebSession(request(`session=${make(i)}`), reading);
    if (session.data.user === "ada") accepted++;
  });
  return accepted;
}

describe("50,000 forged tokens through the Web binding", () => {
  it("fresh salts, reused salts, unknown ids: at most one derivation each, genuine keys kept, heap bounded", async () => {
    const token = await genuine(plain);
    await readAll(1, () => token, plain); // its keys are cached now
    const parts = token.split("*");
    // [prefix, id, encryption salt, iv, ciphertext, expiration, mac salt, mac]
    const withParts = (change: Record<number, string>) =>
      parts.map((part, i) => change[i] ?? part).join("*");
    const kinds: Record<string, [number, (i: number) => string]> = {
      "fresh salts": [20_000, () => withParts({ 2: hex(64), 6: hex(64) })],
      "a genuine token's salts reused": [20_000, () => withParts({ 7: hex(43) })],
      "unknown password ids": [10_000, (i) => withParts({ 1: `9${i % 100}` })],
    };
    const before = heapMb();
    const keysBefore = defaultKeyCache.size.keys;
    const rows: string[] = [];
    let accepted = 0;
    let wrong = 0;
    for (const [kind, [n, make]] of Object.entries(kinds)) {
      derivations = 0;
      legacyTries = 0;
      const config = kind === "unknown password ids" ? rotation : plain;
      const started = performance.now();
      accepted += await readAll(n, make, config);
      const ms = performance.now() - started;
      const most = kind === "fresh salts" ? n : 0;
      if (derivations > most || legacyTries > n) wrong++;
      rows.push(
        `${kind}: ${derivations.toLocaleString("en")} derivations and ${legacyTries.toLocaleString("en")} 1-iteration tries for ${n.toLocaleString("en")} (${((ms * 1000) / n).toFixed(0)} µs each)`,
      );
      expect(errors).toHaveLength(n);
      errors.length = 0;
    }
    const after = heapMb();
    // The genuine token still reads with no derivation: its keys were kept.
    derivations = 0;
    expect(await readAll(1, () => token, plain)).toBe(1);
    const genuineDerivations = derivations;
    count("50,000 forged tokens (Web binding)", {
      cases: 50_000,
      requests: 50_000,
      accepted,
      wrong: wrong + genuineDerivations,
      measured: `${rows.join("; ")}; heap ${before.toFixed(1)} → ${after.toFixed(1)} MB after GC; cached keys ${keysBefore} → ${defaultKeyCache.size.keys}`,
    });
    expect({ accepted, wrong, genuineDerivations }).toEqual({
      accepted: 0,
      wrong: 0,
      genuineDerivations: 0,
    });
    // Forged salts were never kept: the cache holds what it held.
    expect(defaultKeyCache.size.keys).toBe(keysBefore);
    expect(after - before).toBeLessThan(32);
  });

  it("with onlyOwnSalts, 5,000 tokens with fresh salts derive no key, 5,000 with a genuine token's salts reuse its key", async () => {
    const token = await genuine(ownSalts);
    await readAll(1, () => token, ownSalts); // proven ours: its keys are kept
    const parts = token.split("*");
    derivations = 0;
    legacyTries = 0;
    let accepted = await readAll(
      5_000,
      () => parts.map((part, i) => (i === 2 || i === 6 ? hex(64) : part)).join("*"),
      ownSalts,
    );
    expect(new Set(errors)).toEqual(new Set(["ERR_SEAL_FOREIGN_SALT"]));
    const fresh = derivations + legacyTries;
    errors.length = 0;
    derivations = 0;
    legacyTries = 0;
    accepted += await readAll(
      5_000,
      () => parts.map((part, i) => (i === 7 ? hex(43) : part)).join("*"),
      ownSalts,
    );
    expect(new Set(errors)).toEqual(new Set(["ERR_SEAL_MAC"]));
    // Its key is kept: no derivation; its 1-iteration try (two HMACs) is made once and kept too.
    const reused = derivations;
    const reusedTries = legacyTries;
    count("10,000 forged tokens with onlyOwnSalts", {
      cases: 10_000,
      requests: 10_000,
      accepted,
      wrong: fresh + reused + Math.max(0, reusedTries - 1),
      measured: `fresh salts: ${fresh} PBKDF2 calls; a genuine token's salts: ${reused} derivations and ${reusedTries} 1-iteration try`,
    });
    expect({ accepted, fresh, reused }).toEqual({ accepted: 0, fresh: 0, reused: 0 });
    expect(reusedTries).toBeLessThanOrEqual(1);
  });
});

describe("100 KB Cookie headers, where no Node server limits them (the Web binding)", () => {
  it("give a fresh session after at most one derivation, in bounded time and memory", async () => {
    const token = await genuine(plain);
    const parts = token.split("*");
    const cases = {
      "one 100 KB cookie": `session=${"A".repeat(100_000)}`,
      "20,000 other cookies": "a=b; ".repeat(20_000),
      "a token with a 100 KB ciphertext": `session=${parts.map((p, i) => (i === 4 ? "A".repeat(100_000) : p)).join("*")}`,
      "100 chunks of 1 KB": [
        `session=__chunked__100`,
        ...Array.from({ length: 100 }, (_, i) => `session.${i + 1}=${"A".repeat(1000)}`),
      ].join("; "),
      "the genuine token after 100 KB of cookies": `${"a=b; ".repeat(20_000)}session=${token}`,
    };
    const rows: string[] = [];
    let wrong = 0;
    let accepted = 0;
    for (const [label, cookie] of Object.entries(cases)) {
      derivations = 0;
      const before = heapMb();
      const started = performance.now();
      // Lazy, as in readAll: the count is of what the header costs, not of a window's salts.
      const session = await useWebSession(request(cookie), { ...plain, lazy: true });
      const ms = performance.now() - started;
      const genuineOne = label.startsWith("the genuine");
      if (session.data.user === "ada" && !genuineOne) accepted++;
      if (genuineOne && session.data.user !== "ada") wrong++;
      if (derivations > 1) wrong++;
      rows.push(
        `${label}: ${ms.toFixed(1)} ms, ${derivations} derivations, heap +${Math.max(0, heapMb() - before).toFixed(1)} MB`,
      );
    }
    count("100 KB Cookie headers (Web binding)", {
      cases: 5,
      requests: 5,
      accepted,
      wrong,
      measured: rows.join("; "),
    });
    expect({ accepted, wrong }).toEqual({ accepted: 0, wrong: 0 });
  });
});
