// Differential tests: the same calls, with the same arguments, through
// @hapi/iron 7, iron-webcrypto 2 and this library. Every password form their
// documentation allows seals in each and unseals in each; every option means
// the same; the same bad tokens are refused. Where one of them differs on
// purpose, the difference is listed and asserted exactly.
import Iron from "@hapi/iron";
import * as IronWebCrypto from "iron-webcrypto";
import { describe, expect, it } from "vitest";
import { type Password, type SealOptions, seal, unseal } from "../src/index";

type Seal = (data: unknown, password: unknown, options: SealOptions) => Promise<string>;
type Unseal = (token: string, password: unknown, options: SealOptions) => Promise<unknown>;
const implementations: Record<string, { seal: Seal; unseal: Unseal }> = {
  "@hapi/iron": {
    seal: (d, p, o) => Iron.seal(d, p as never, o as never),
    unseal: (t, p, o) => Iron.unseal(t, p as never, o as never),
  },
  "iron-webcrypto": {
    seal: (d, p, o) => IronWebCrypto.seal(d, p as never, o as never),
    unseal: (t, p, o) => IronWebCrypto.unseal(t, p as never, o as never),
  },
  ours: {
    seal: (d, p, o) => seal(d, p as Password, o),
    unseal: (t, p, o) => unseal(t, p as Password, o),
  },
};
const names = Object.keys(implementations);

// iron's complete option object: every implementation gets this very object.
const options = (
  iterations = 2,
  extra: Partial<SealOptions> = {},
  key: Partial<SealOptions["encryption"]> = {},
): SealOptions => ({
  ttl: 0,
  timestampSkewSec: 60,
  localtimeOffsetMsec: 0,
  encryption: {
    saltBits: 256,
    algorithm: "aes-256-cbc",
    iterations,
    minPasswordlength: 32,
    ...key,
  },
  integrity: { saltBits: 256, algorithm: "sha256", iterations, minPasswordlength: 32 },
  ...extra,
});

const A = "differential-iron-password-a-0123456789";
const B = "differential-iron-password-b-0123456789";
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256));
const data = { user: { id: 42, roles: ["admin"] }, note: "ü ☃ 🔑", n: [1, 2.5, null] };

type Outcome = { ok: true; data: unknown } | { ok: false };
const outcome = (call: () => Promise<unknown>): Promise<Outcome> =>
  call().then(
    (value) => ({ ok: true, data: value }),
    () => ({ ok: false }),
  );

// Password forms of iron's documentation: how a token is sealed, and every
// form that unseals it (a map keyed by the token's id, with each kind of entry).
const forms: Array<{ name: string; sealWith: unknown; unsealWith: Array<[string, unknown]> }> = [
  {
    name: "a string",
    sealWith: A,
    unsealWith: [
      ["the string", A],
      ["{ default: string }", { default: A }],
    ],
  },
  {
    name: "a 32-byte raw key",
    sealWith: KEY,
    unsealWith: [
      ["the key", KEY],
      ["{ default: key }", { default: KEY }],
    ],
  },
  {
    name: "{ secret } without an id",
    sealWith: { secret: A },
    unsealWith: [
      ["the string", A],
      ["{ default: { secret } }", { default: { secret: A } }],
    ],
  },
  {
    name: "{ id, secret }",
    sealWith: { id: "k1", secret: A },
    unsealWith: [
      ["{ k1: string }", { k1: A, other: B }],
      ["{ k1: { secret } }", { k1: { secret: A } }],
      ["{ k1: { id, secret } }", { k1: { id: "k1", secret: A } }],
      ["the bare string (ids ignored)", A],
    ],
  },
  {
    name: "{ id, encryption, integrity }",
    sealWith: { id: "7", encryption: A, integrity: B },
    unsealWith: [
      ["{ 7: { encryption, integrity } }", { 7: { encryption: A, integrity: B }, 6: A }],
      ["{ 7: { id, encryption, integrity } }", { 7: { id: "7", encryption: A, integrity: B } }],
    ],
  },
  {
    name: "{ id, secret: raw key }",
    sealWith: { id: "raw", secret: KEY },
    unsealWith: [
      ["{ raw: key }", { raw: KEY }],
      ["{ raw: { secret: key } }", { raw: { secret: KEY } }],
    ],
  },
];

describe("every password form seals in each implementation and unseals in each", () => {
  it.each(forms.flatMap((form) => names.map((sealer) => [form.name, sealer, form] as const)))(
    "%s, sealed by %s",
    async (_, sealer, form) => {
      const token = await implementations[sealer]!.seal(data, form.sealWith, options());
      for (const [how, password] of form.unsealWith) {
        for (const unsealer of names) {
          expect(
            await outcome(() => implementations[unsealer]!.unseal(token, password, options())),
            `${unsealer} with ${how}`,
          ).toEqual({
            ok: true,
            data,
          });
        }
      }
    },
  );

  // iron and iron-webcrypto look a token's id up in any object password, so a
  // single { id, secret } is a map to them (with no key "k1"): they refuse.
  // Ours takes it as the one secret of that id, as it takes it to seal.
  it("{ id, secret } given to unseal: refused by both peers as a map without that key, accepted here", async () => {
    const token = await Iron.seal(data, { id: "k1", secret: A } as never, options() as never);
    const outcomes = await Promise.all(
      names.map((n) =>
        outcome(() => implementations[n]!.unseal(token, { id: "k1", secret: A }, options())),
      ),
    );
    expect(outcomes).toEqual([{ ok: false }, { ok: false }, { ok: true, data }]);
  });
});

describe("every option means the same in each implementation", () => {
  const cases: Array<[string, SealOptions, SealOptions?]> = [
    ["8192 iterations (h3's)", options(8192)],
    ["aes-128-ctr", options(2, {}, { algorithm: "aes-128-ctr" })],
    ["128-bit salts", options(2, {}, { saltBits: 128 })],
    ["a ttl", options(2, { ttl: 60_000 })],
    ["a clock offset on both sides", options(2, { ttl: 60_000, localtimeOffsetMsec: 30_000 })],
    [
      "a shorter minimum password length",
      { ...options(2), encryption: { ...options(2).encryption, minPasswordlength: 16 } },
    ],
  ];

  it.each(cases.flatMap(([name, opts]) => names.map((sealer) => [name, sealer, opts] as const)))(
    "%s, sealed by %s",
    async (_, sealer, opts) => {
      const token = await implementations[sealer]!.seal(data, A, opts);
      const [, , , , , expiration] = token.split("*");
      if (opts.ttl)
        expect(Number(expiration) - Date.now() - (opts.localtimeOffsetMsec ?? 0)).toBeGreaterThan(
          opts.ttl - 5_000,
        );
      else expect(expiration).toBe("");
      for (const unsealer of names) {
        expect(
          await outcome(() => implementations[unsealer]!.unseal(token, A, opts)),
          unsealer,
        ).toEqual({ ok: true, data });
      }
    },
  );

  it("a token past its ttl is refused by each once the skew has passed, and accepted within it", async () => {
    const token = await Iron.seal(data, A, options(2, { ttl: 1_000 }) as never);
    for (const [offset, ok] of [
      [30_000, true],
      [62_000, false],
    ] as const) {
      const later = options(2, { localtimeOffsetMsec: offset });
      const outcomes = await Promise.all(
        names.map((n) => outcome(() => implementations[n]!.unseal(token, A, later))),
      );
      expect(outcomes.map((o) => o.ok)).toEqual([ok, ok, ok]);
    }
  });

  it("a password under minPasswordlength is refused by each, on seal and on unseal", async () => {
    const token = await Iron.seal(data, A, options() as never);
    for (const name of names) {
      expect(
        await outcome(() => implementations[name]!.seal(data, "too-short-password", options())),
        name,
      ).toEqual({ ok: false });
      expect(
        await outcome(() => implementations[name]!.unseal(token, "too-short-password", options())),
        name,
      ).toEqual({ ok: false });
    }
  });
});

// Each bad token, built from a good one @hapi/iron sealed, through all three.
describe("the same bad tokens are refused", () => {
  const base = options(2, { ttl: 600_000 });
  const replacePart = (token: string, index: number, change: (part: string) => string) =>
    token
      .split("*")
      .map((part, i) => (i === index ? change(part) : part))
      .join("*");
  const flip = (text: string, at = -2) => {
    const i = (text.length + at) % text.length;
    const c = text[i] === "A" ? "B" : "A";
    return text.slice(0, i) + c + text.slice(i + 1);
  };
  const standardBase64 = (text: string) => text.replaceAll("-", "+").replaceAll("_", "/");

  const mutations: Array<[string, (token: string) => string]> = [
    ["the token as sealed", (t) => t],
    ["another prefix (Fe26.1)", (t) => t.replace("Fe26.2", "Fe26.1")],
    ["seven parts", (t) => t.slice(0, t.lastIndexOf("*"))],
    ["nine parts", (t) => `${t}*x`],
    ["a password id added", (t) => replacePart(t, 1, () => "x")],
    ["a changed encryption salt", (t) => replacePart(t, 2, flip)],
    ["a changed IV", (t) => replacePart(t, 3, (p) => flip(p, 3))],
    ["a changed ciphertext", (t) => replacePart(t, 4, (p) => flip(p, 5))],
    ["a changed expiration", (t) => replacePart(t, 5, (p) => String(Number(p) + 1))],
    ["no expiration", (t) => replacePart(t, 5, () => "")],
    ["a non-numeric expiration", (t) => replacePart(t, 5, () => "soon")],
    ["a changed MAC salt", (t) => replacePart(t, 6, flip)],
    ["a changed MAC", (t) => replacePart(t, 7, (p) => flip(p, 0))],
    ["a MAC with '=' padding", (t) => `${t}=`],
    ["a truncated MAC", (t) => t.slice(0, -1)],
    ["a MAC in standard base64", (t) => replacePart(t, 7, standardBase64)],
    ["trailing white space", (t) => `${t} `],
    ["an empty string", () => ""],
  ];

  // A good token whose MAC holds '-' or '_', so that the standard-alphabet mutation changes it.
  const good = async () => {
    for (;;) {
      const token = await Iron.seal(data, A, base as never);
      if (/[-_]/.test(token.slice(token.lastIndexOf("*") + 1))) return token;
    }
  };

  it.each(mutations)("%s", async (name, mutate) => {
    const token = mutate(await good());
    const outcomes = await Promise.all(
      names.map((n) => outcome(() => implementations[n]!.unseal(token, A, base))),
    );
    const expected = name === "the token as sealed" ? { ok: true, data } : { ok: false };
    // iron-webcrypto decodes the MAC and verifies the bytes, with a lenient
    // base64 decoder: '=' padding or trailing white space decode to the same
    // bytes, so it accepts those tokens where @hapi/iron (and this library)
    // compare the exact text and refuse them. The standard alphabet too —
    // unless the runtime has Uint8Array.fromBase64 (Node 26's V8), which
    // iron-webcrypto then uses with alphabet "base64url", refusing '+' and '/'.
    const nativeBase64 =
      typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64 === "function";
    const lenient =
      name === "a MAC with '=' padding" ||
      name === "trailing white space" ||
      (name === "a MAC in standard base64" && !nativeBase64);
    const webcrypto = lenient ? { ok: true, data } : expected;
    expect(outcomes).toEqual([expected, webcrypto, expected]);
  });

  it("another password, an unknown password id, a map without 'default' for a token without id: refused by each", async () => {
    const plain = await Iron.seal(data, A, base as never);
    const withId = await Iron.seal(data, { id: "k1", secret: A } as never, base as never);
    for (const [token, password] of [
      [plain, B],
      [withId, { k2: A }],
      [plain, { k1: A }],
    ] as const) {
      const outcomes = await Promise.all(
        names.map((n) => outcome(() => implementations[n]!.unseal(token, password, base))),
      );
      expect(outcomes).toEqual([{ ok: false }, { ok: false }, { ok: false }]);
    }
  });

  it("a token sealed at other iterations is refused by each", async () => {
    const token = await Iron.seal(data, A, options(3) as never);
    const outcomes = await Promise.all(
      names.map((n) => outcome(() => implementations[n]!.unseal(token, A, options(2)))),
    );
    expect(outcomes).toEqual([{ ok: false }, { ok: false }, { ok: false }]);
  });
});

describe("data each implementation seals", () => {
  // JSON.stringify's conversions, as @hapi/iron: NaN and Infinity become null,
  // undefined fields vanish. iron-webcrypto's default encoder refuses them.
  it("NaN, Infinity and undefined fields: sealed as JSON would write them, as @hapi/iron does", async () => {
    const value = { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: undefined, d: 1 };
    const outcomes = await Promise.all(
      names.map((n) =>
        outcome(async () =>
          Iron.unseal(await implementations[n]!.seal(value, A, options()), A, options() as never),
        ),
      ),
    );
    expect(outcomes).toEqual([
      { ok: true, data: { a: null, b: null, d: 1 } },
      { ok: false },
      { ok: true, data: { a: null, b: null, d: 1 } },
    ]);
  });

  it("a BigInt or a cycle: refused by each", async () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [{ n: 1n }, cycle]) {
      const outcomes = await Promise.all(
        names.map((n) => outcome(() => implementations[n]!.seal(value, A, options()))),
      );
      expect(outcomes).toEqual([{ ok: false }, { ok: false }, { ok: false }]);
    }
  });
});

describe("the listed differences", () => {
  it("sealing with a map: refused by both peers; here the highest numeric id seals", async () => {
    const outcomes = await Promise.all(
      names.map((n) => outcome(() => implementations[n]!.seal(data, { 1: B, 2: A }, options()))),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([false, false, true]);
    const token = (outcomes[2] as { data: string }).data;
    expect(token.split("*")[1]).toBe("2");
    expect(await Iron.unseal(token, { 2: A } as never, options() as never)).toEqual(data);
  });

  it("a __proto__ key in the decrypted JSON: refused by @hapi/iron's Bourne parser, read by iron-webcrypto and here", async () => {
    const token = await seal(null, A, {
      ...options(),
      encode: () => '{"__proto__":{"polluted":true},"a":1}',
    });
    const outcomes = await Promise.all(
      names.map((n) => outcome(() => implementations[n]!.unseal(token, A, options()))),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([false, true, true]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("defaults: without options this library seals at 8192 iterations; the peers' defaults are 1", async () => {
    const token = await seal(data, A);
    expect(await outcome(() => Iron.unseal(token, A, Iron.defaults))).toEqual({ ok: false });
    expect(await outcome(() => Iron.unseal(token, A, options(8192) as never))).toEqual({
      ok: true,
      data,
    });
    expect([
      Iron.defaults.integrity.iterations,
      IronWebCrypto.defaults.integrity.iterations,
    ]).toEqual([1, 1]);
  });
});
