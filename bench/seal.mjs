// Part 0: the crypto alone. seal, unseal and seal + unseal of one ~1 KB
// record for this library and its peers, and two floors: raw Web Crypto with
// pre-imported keys, and synchronous node:crypto with keys ready.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import Iron from "@hapi/iron";
import { KeyCache, seal, unseal } from "@sealed-session/core";
import * as IronWebCrypto from "iron-webcrypto";
import { formatOps, formatRatio, measureRounds, table } from "./lib/measure.mjs";
import { PASSWORD, record } from "./lib/record.mjs";

const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function ironOptions(iterations) {
  return {
    ...Iron.defaults,
    encryption: { ...Iron.defaults.encryption, iterations },
    integrity: { ...Iron.defaults.integrity, iterations },
  };
}

/** Raw Web Crypto: AES-256-CBC + HMAC-SHA256, keys imported once, Node's native base64url. */
async function floor() {
  const aes = await subtle.importKey(
    "raw",
    crypto.getRandomValues(new Uint8Array(32)),
    "AES-CBC",
    false,
    ["encrypt", "decrypt"],
  );
  const hmac = await subtle.importKey(
    "raw",
    crypto.getRandomValues(new Uint8Array(32)),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const b64 = (bytes) => Buffer.from(bytes).toString("base64url");
  return {
    async seal(data) {
      const iv = crypto.getRandomValues(new Uint8Array(16));
      const body = `${b64(iv)}*${b64(await subtle.encrypt({ name: "AES-CBC", iv }, aes, encoder.encode(JSON.stringify(data))))}`;
      return `${body}*${b64(await subtle.sign("HMAC", hmac, encoder.encode(body)))}`;
    },
    async unseal(token) {
      const cut = token.lastIndexOf("*");
      const body = token.slice(0, cut);
      if (b64(await subtle.sign("HMAC", hmac, encoder.encode(body))) !== token.slice(cut + 1))
        throw new Error("bad mac");
      const [iv, ct] = body.split("*");
      return JSON.parse(
        decoder.decode(
          await subtle.decrypt(
            { name: "AES-CBC", iv: Buffer.from(iv, "base64url") },
            aes,
            Buffer.from(ct, "base64url"),
          ),
        ),
      );
    },
  };
}

/**
 * The synchronous floor: the same work with `node:crypto` (AES-256-CBC +
 * HMAC-SHA256, keys ready, no key derivation): what a provider that calls
 * Node's crypto directly cannot beat.
 */
function nodeFloor() {
  const aes = randomBytes(32);
  const hmac = randomBytes(32);
  const mac = (body) => createHmac("sha256", hmac).update(body).digest("base64url");
  return {
    seal(data) {
      const iv = randomBytes(16);
      const cipher = createCipheriv("aes-256-cbc", aes, iv);
      const encrypted = Buffer.concat([
        cipher.update(JSON.stringify(data), "utf8"),
        cipher.final(),
      ]);
      const body = `${iv.toString("base64url")}*${encrypted.toString("base64url")}`;
      return `${body}*${mac(body)}`;
    },
    unseal(token) {
      const cut = token.lastIndexOf("*");
      const body = token.slice(0, cut);
      const expected = Buffer.from(mac(body));
      const given = Buffer.from(token.slice(cut + 1));
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        throw new Error("bad mac");
      const [iv, ct] = body.split("*");
      const decipher = createDecipheriv("aes-256-cbc", aes, Buffer.from(iv, "base64url"));
      return JSON.parse(
        Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString(
          "utf8",
        ),
      );
    },
  };
}

const NODE_FLOOR = "floor: synchronous node:crypto";

export async function sealBench({ rounds, budgetMs, log }) {
  const f = await floor();
  const nf = nodeFloor();
  const keysOnly = { cache: new KeyCache({ maxTokens: 0 }) };
  const impls = [
    {
      name: "sealed-session (warm caches)",
      seal: (d) => seal(d, PASSWORD),
      unseal: (t) => unseal(t, PASSWORD),
    },
    {
      name: "sealed-session (warm keys, no token memory)",
      seal: (d) => seal(d, PASSWORD, keysOnly),
      unseal: (t) => unseal(t, PASSWORD, keysOnly),
    },
    {
      name: "sealed-session (caches off)",
      seal: (d) => seal(d, PASSWORD, { cache: false }),
      unseal: (t) => unseal(t, PASSWORD, { cache: false }),
    },
    ...[1, 8192].map((n) => ({
      name: `iron-webcrypto 2 @ ${n}`,
      seal: (d) => IronWebCrypto.seal(d, PASSWORD, ironOptions(n)),
      unseal: (t) => IronWebCrypto.unseal(t, PASSWORD, ironOptions(n)),
    })),
    ...[1, 8192].map((n) => ({
      name: `@hapi/iron 7 @ ${n}`,
      seal: (d) => Iron.seal(d, PASSWORD, ironOptions(n)),
      unseal: (t) => Iron.unseal(t, PASSWORD, ironOptions(n)),
    })),
    { name: "floor: raw Web Crypto", seal: f.seal, unseal: f.unseal },
    { name: NODE_FLOOR, seal: nf.seal, unseal: nf.unseal },
  ];
  const cases = [];
  for (const impl of impls) {
    const token = await impl.seal(record);
    if (JSON.stringify(await impl.unseal(token)) !== JSON.stringify(record))
      throw new Error(`${impl.name} does not round-trip`);
    cases.push(
      { name: `${impl.name}|seal`, fn: () => impl.seal(record) },
      { name: `${impl.name}|unseal`, fn: () => impl.unseal(token) },
      { name: `${impl.name}|seal + unseal`, fn: async () => impl.unseal(await impl.seal(record)) },
    );
  }
  const results = await measureRounds(cases, {
    rounds,
    budgetMs,
    onRound: (r) => log(`  seal/unseal: round ${r}/${rounds}`),
  });
  const get = (impl, op) => results.get(`${impl}|${op}`);
  const ops = ["seal", "unseal", "seal + unseal"];
  const rows = impls.map((impl) => [
    impl.name,
    ...ops.flatMap((op) => {
      const r = get(impl.name, op);
      return [`${formatOps(r.median)} (${formatOps(r.max)}–${formatOps(r.min)})`];
    }),
    formatRatio(
      get("iron-webcrypto 2 @ 8192", "seal + unseal").median /
        get(impl.name, "seal + unseal").median,
    ),
    formatRatio(
      get("floor: raw Web Crypto", "seal + unseal").median / get(impl.name, "seal + unseal").median,
    ),
    formatRatio(get(NODE_FLOOR, "seal + unseal").median / get(impl.name, "seal + unseal").median),
  ]);
  const ours = get("sealed-session (warm caches)", "seal + unseal").median;
  const vsIron = get("iron-webcrypto 2 @ 8192", "seal + unseal").median / ours;
  const noMemory =
    get(NODE_FLOOR, "seal + unseal").median /
    get("sealed-session (warm keys, no token memory)", "seal + unseal").median;
  const remembered = 1e9 / get("sealed-session (warm caches)", "unseal").median;
  const met = (ok) => (ok ? "met" : "NOT met");
  return {
    markdown: [
      `Ops/s: median of ${rounds} round medians (slowest–fastest round), one operation at a time. Ratios compare seal + unseal medians.`,
      "The floors seal and unseal with keys ready, verifying then decrypting: raw Web Crypto (each call a threadpool job on Node),",
      "and synchronous `node:crypto` (`createCipheriv` + `createHmac`), the most a Node provider can reach. With warm caches,",
      "sealed-session remembers the tokens it sealed or verified, so unsealing the same token again is a lookup and a JSON.parse",
      "(what a server does with a cookie the browser sends on every request); the second row turns that memory off, leaving",
      "cached keys and the crypto of every call. This run uses the package's `node` export condition: the `node:crypto` provider.",
      "",
      table(
        [
          "implementation",
          "seal ops/s",
          "unseal ops/s",
          "seal + unseal ops/s",
          "× iron-webcrypto @ 8192",
          "× Web Crypto floor",
          "× node:crypto floor",
        ],
        rows,
      ),
      "",
      `Targets: seal + unseal ≥ 50× iron-webcrypto @ 8192 — **${formatRatio(vsIron)}** (${met(vsIron >= 50)}); ` +
        `with no token memory ≥ 0.5× the synchronous node:crypto floor — **${noMemory.toFixed(2)}×** (${met(noMemory >= 0.5)}); ` +
        `unseal of a remembered token ≥ 100,000/s — **${Math.round(remembered).toLocaleString("en-US")}/s** (${met(remembered >= 100_000)}).`,
    ].join("\n"),
    summary: { vsIron, noMemory, remembered },
  };
}
