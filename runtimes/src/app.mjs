// One fetch handler, run unchanged inside every runtime of the matrix. It
// imports the built packages as a user would (their exports maps, ESM) and
// uses the runtime's own Web Crypto.
import {
  defaultKeyCache,
  isSealedSessionError,
  seal,
  unseal,
  unsealWithInfo,
  useWebSession,
} from "@sealed-session/core";
import { useSession as h3UseSession } from "@sealed-session/h3";
import { session } from "@sealed-session/hono";
import { H3 } from "h3";
import { Hono } from "hono";

/** The password of the matrix; the Node harness seals its vectors with it. */
export const PASSWORD = "runtime-matrix-password-0123456789abcdef";

// Counts Web Crypto PBKDF2 derivations (the keys derived and kept, whichever
// provider derived them, are in defaultKeyCache.size.keys): a cold worker pays
// one per salt, and only workerd's build seals through Web Crypto.
const subtle = globalThis.crypto.subtle;
const counters = { deriveKey: 0 };
const deriveKey = subtle.deriveKey.bind(subtle);
subtle.deriveKey = (...args) => {
  counters.deriveKey++;
  return deriveKey(...args);
};

const config = { password: PASSWORD, maxAge: 3600 };

const hono = new Hono().basePath("/hono");
hono.use(session(config));
hono.get("/visit", (c) => {
  c.var.session.data.visits = (c.var.session.data.visits ?? 0) + 1;
  return c.json({ visits: c.var.session.data.visits });
});

const h3 = new H3().get("/h3/visit", async (event) => {
  const s = await h3UseSession(event, { ...config, name: "session" });
  await s.update({ visits: (s.data.visits ?? 0) + 1 });
  return { visits: s.data.visits };
});

async function web(request, path) {
  const s = await useWebSession(request, config);
  if (path === "/web/update") await s.update(await request.json());
  if (path === "/web/clear") await s.clear();
  return s.applyTo(Response.json({ id: s.id, data: s.data }));
}

/** Cases that run inside the runtime; `vectors` are tokens the Node harness sealed. */
async function selftest({ vectors }) {
  const results = [];
  const check = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: String(error?.stack ?? error) });
    }
  };
  const equal = (a, b) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      throw new Error(`${JSON.stringify(a)} !== ${JSON.stringify(b)}`);
  };
  const record = { id: "runtime", createdAt: 1, data: { ü: "☃", n: [1, 2, 3] } };
  await check("seal/unseal round trip", async () =>
    equal(await unseal(await seal(record, PASSWORD), PASSWORD), record),
  );
  await check("unseal vectors sealed under Node", async () => {
    for (const vector of vectors)
      equal(await unseal(vector.token, PASSWORD, vector.options), vector.data);
  });
  await check("legacy 1-iteration vector through the fallback", async () => {
    const legacy = vectors.find((v) => v.legacy);
    const info = await unsealWithInfo(legacy.token, PASSWORD, { legacyFallback: true });
    equal([info.legacy, info.iterations], [true, 1]);
  });
  await check("tampered token refused with a typed error", async () => {
    const token = await seal(record, PASSWORD);
    // The MAC's last two characters replaced by others: a fixed "AA" was the
    // token itself once in 1,024 seals (a canonical MAC ends in "AA" that often).
    const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "QA" : "AA"}`;
    const error = await unseal(tampered, PASSWORD).catch((e) => e);
    if (!isSealedSessionError(error) || error.code !== "ERR_SEAL_MAC")
      throw new Error(`got ${error}`);
  });
  await check("Fe26.3 round trip, and tampering refused", async () => {
    const token = await seal(record, PASSWORD, { format: "Fe26.3" });
    equal(await unseal(token, PASSWORD), record);
    const cut = token.lastIndexOf("*");
    const tampered = `${token.slice(0, cut - 3)}${token.slice(cut - 3, cut) === "AAA" ? "QAA" : "AAA"}${token.slice(cut)}`;
    const error = await unseal(tampered, PASSWORD).catch((e) => e);
    if (
      !isSealedSessionError(error) ||
      !["ERR_SEAL_MAC", "ERR_SEAL_MALFORMED"].includes(error.code)
    )
      throw new Error(`got ${error}`);
  });
  let sealed;
  let sealedGcm;
  await check("a token sealed here", async () => {
    sealed = await seal({ sealedIn: runtimeName() }, PASSWORD, { ttl: 60_000 });
  });
  await check("an Fe26.3 token sealed here", async () => {
    const data = { sealedIn: runtimeName(), format: "Fe26.3" };
    sealedGcm = await seal(data, PASSWORD, { format: "Fe26.3", ttl: 60_000 });
  });
  return { runtime: runtimeName(), results, sealed, sealedGcm };
}

function runtimeName() {
  if (typeof globalThis.Bun !== "undefined") return `bun ${globalThis.Bun.version}`;
  if (typeof globalThis.Deno !== "undefined") return `deno ${globalThis.Deno.version.deno}`;
  if (globalThis.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (typeof globalThis.process?.versions?.node === "string")
    return `node ${globalThis.process.versions.node}`;
  return "unknown";
}

/** The app: `fetch(request)`. */
export async function fetchHandler(request) {
  const { pathname } = new URL(request.url);
  if (pathname.startsWith("/hono/")) return hono.fetch(request);
  if (pathname.startsWith("/h3/")) return h3.fetch(request);
  if (pathname.startsWith("/web/")) return web(request, pathname);
  if (pathname === "/selftest") return Response.json(await selftest(await request.json()));
  if (pathname === "/stats")
    return Response.json({
      ...counters,
      derivedKeys: defaultKeyCache.size.keys,
      runtime: runtimeName(),
    });
  return new Response("not found", { status: 404 });
}
