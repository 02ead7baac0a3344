// The runtime matrix: the same cases inside Node, Bun, Deno and workerd,
// driven over HTTP on 127.0.0.1 from here (Node), with tokens crossing both ways.
import { mkdirSync, writeFileSync } from "node:fs";
import { KeyCache, seal, unseal } from "@sealed-session/core";
import { CookieJar } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD } from "../src/app.mjs";
import { type Running, runtimes } from "./_launch";

const report: Record<string, unknown> = {};

describe.each(Object.keys(runtimes))("runtime: %s", (name) => {
  let server: Running;
  beforeAll(async () => {
    server = await (runtimes[name] as () => Promise<Running>)();
  }, 60_000);
  afterAll(() => server?.stop());

  const send = async (path: string, jar: CookieJar, body?: unknown) => {
    const response = await fetch(server.url + path, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        ...(jar.header() ? { cookie: jar.header() } : {}),
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    jar.take(response);
    return response;
  };

  type Stats = { deriveKey: number; derivedKeys: number; runtime: string };
  // The package's `node` build (node:crypto) where the runtime resolves the node condition; Web Crypto in workerd.
  const webCryptoDerivations = (derivations: number) => (name === "workerd" ? derivations : 0);

  it("first request with a cookie sealed elsewhere: one PBKDF2 derivation per salt, by the runtime's provider; then none", async () => {
    // Fresh salts the runtime has never seen: sealed here with caching off.
    const token = await seal(
      { id: "cold", createdAt: Date.now(), data: { from: "node" } },
      PASSWORD,
      { cache: false },
    );
    const jar = new CookieJar().set("session", token);
    const before = (await (await fetch(`${server.url}/stats`)).json()) as Stats;
    let started = performance.now();
    const first = await send("/web/use", jar);
    const firstMs = performance.now() - started;
    expect(await first.json()).toMatchObject({ id: "cold", data: { from: "node" } });
    const after = (await (await fetch(`${server.url}/stats`)).json()) as Stats;
    expect(after.derivedKeys - before.derivedKeys).toBe(2);
    expect(after.deriveKey - before.deriveKey).toBe(webCryptoDerivations(2));
    const steady: number[] = [];
    for (let i = 0; i < 30; i++) {
      started = performance.now();
      await send("/web/use", jar);
      steady.push(performance.now() - started);
    }
    const final = (await (await fetch(`${server.url}/stats`)).json()) as Stats;
    expect([final.derivedKeys, final.deriveKey]).toEqual([after.derivedKeys, after.deriveKey]);
    steady.sort((a, b) => a - b);
    report[name] = {
      runtime: after.runtime,
      firstCookieRequestMs: round(firstMs),
      steadyMedianMs: round(steady[15] as number),
    };
  });

  it("runs the cases inside the runtime and exchanges tokens with Node both ways", async () => {
    const cache = new KeyCache();
    const vectors = [
      { data: { a: 1 }, options: {}, token: await seal({ a: 1 }, PASSWORD, { cache }) },
      {
        data: "ü☃",
        options: { encryption: { algorithm: "aes-128-ctr" } },
        token: await seal("ü☃", PASSWORD, { encryption: { algorithm: "aes-128-ctr" } }),
      },
      {
        data: [1, { b: null }],
        options: {},
        token: await seal([1, { b: null }], { id: "3", secret: PASSWORD }, { ttl: 60_000 }),
      },
      {
        data: { old: true },
        options: { encryption: { iterations: 1 }, integrity: { iterations: 1 } },
        legacy: true,
        token: await seal({ old: true }, PASSWORD, {
          encryption: { iterations: 1 },
          integrity: { iterations: 1 },
        }),
      },
      {
        data: { aead: "Fe26.3" },
        options: {},
        token: await seal({ aead: "Fe26.3" }, PASSWORD, { format: "Fe26.3", ttl: 60_000 }),
      },
    ];
    const response = await fetch(`${server.url}/selftest`, {
      method: "POST",
      body: JSON.stringify({ vectors }),
    });
    const { results, sealed, sealedGcm, runtime } = (await response.json()) as {
      results: Array<{ name: string; ok: boolean; error?: string }>;
      sealed: string;
      sealedGcm: string;
      runtime: string;
    };
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.length).toBe(7);
    expect(await unseal(sealed, PASSWORD)).toEqual({ sealedIn: runtime });
    // Fe26.3 sealed by the runtime's own HKDF and AES-GCM (Web Crypto on workerd), opened by Node's.
    expect(sealedGcm).toMatch(/^Fe26\.3\*/);
    expect(await unseal(sealedGcm, PASSWORD)).toEqual({ sealedIn: runtime, format: "Fe26.3" });
  });

  it("Web binding: new session, update, read back, clear, tampered cookie, chunked session", async () => {
    const jar = new CookieJar();
    const created = await send("/web/use", jar);
    expect(created.headers.getSetCookie()).toHaveLength(1);
    const { id } = (await created.json()) as { id: string };
    await send("/web/update", jar, { user: "ada" });
    expect(await (await send("/web/use", jar)).json()).toEqual({ id, data: { user: "ada" } });
    await send("/web/clear", jar);
    expect(jar.names()).toEqual([]);

    const tampered = new CookieJar().set(
      "session",
      `${await seal({ id: "x", createdAt: Date.now(), data: {} }, PASSWORD)}x`,
    );
    const fresh = await send("/web/use", tampered);
    expect(fresh.status).toBe(200);
    expect(((await fresh.json()) as { id: string }).id).not.toBe("x");

    const big = new CookieJar();
    await send("/web/update", big, { blob: "x".repeat(7000) });
    expect(big.names()).toEqual(["session", "session.1", "session.2", "session.3"]);
    expect(
      ((await (await send("/web/use", big)).json()) as { data: { blob: string } }).data.blob,
    ).toHaveLength(7000);
  });

  it("Hono app with the session middleware", async () => {
    const jar = new CookieJar();
    await send("/hono/visit", jar);
    expect(await (await send("/hono/visit", jar)).json()).toEqual({ visits: 2 });
  });

  it("h3 app with the h3 adapter, sharing the cookie with Hono", async () => {
    const jar = new CookieJar();
    await send("/h3/visit", jar);
    expect(await (await send("/h3/visit", jar)).json()).toEqual({ visits: 2 });
    expect(await (await send("/hono/visit", jar)).json()).toEqual({ visits: 3 });
  });
});

afterAll(() => {
  mkdirSync(new URL("../.artifacts/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL("../.artifacts/runtimes.json", import.meta.url),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  console.log("runtime latencies (over loopback, from Node):", JSON.stringify(report));
});

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
