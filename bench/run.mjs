// `pnpm bench`: every part in one run, printed, and written to RESULTS.md
// (not with --quick). Parts: 0 seal/unseal, 1 in process, 2–3 loopback and
// forged-cookie flood, 4 memory, 5 revocation and store mode on Redis, 6 Next.js,
// 7 Fastify, 8 Fe26.3 against Fe26.2 (Node and Bun).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { fastifyBench, fastifySection } from "./fastify.mjs";
import { formatsPart, formatsSection } from "./formats.mjs";
import { inProcessBench } from "./inprocess.mjs";
import { loopbackBench } from "./loopback.mjs";
import { nextBench } from "./next.mjs";
import { sealBench } from "./seal.mjs";
import { storesBench } from "./stores.mjs";

const quick = process.argv.includes("--quick");
const log = (line) => process.stderr.write(`${line}\n`);
const options = { rounds: quick ? 2 : 7, budgetMs: quick ? 80 : 300, log };

const require = createRequire(import.meta.url);
function version(name) {
  // ESM-only packages (connect-redis) have no require entry: resolve them as an import.
  let entry;
  try {
    entry = require.resolve(name);
  } catch {
    entry = fileURLToPath(import.meta.resolve(name));
  }
  const marker = `node_modules/${name}/`;
  const dir = entry.includes(marker)
    ? entry.slice(0, entry.lastIndexOf(marker) + marker.length)
    : entry.slice(0, entry.lastIndexOf("/dist/") + 1);
  return JSON.parse(readFileSync(`${dir}package.json`, "utf8")).version;
}

const started = new Date();
// Read before the loopback part pins this process to one CPU and back.
const CORES = os.availableParallelism();
log("part 0: seal/unseal");
const seal = await sealBench(options);
log("part 8: Fe26.3 and Fe26.2");
const formats = await formatsPart({ quick, log });
log("part 1: in process");
const inProcess = await inProcessBench({
  rounds: quick ? 1 : 5,
  durationMs: quick ? 500 : 2000,
  log,
});
log("parts 2-3: loopback");
const loopback = await loopbackBench({
  rounds: quick ? 1 : 5,
  durationSec: quick ? 2 : 5,
  connections: 10,
  log,
});
log("part 5: revocation and store mode on Redis");
const stores = await storesBench({
  rounds: quick ? 1 : 3,
  durationSec: quick ? 2 : 5,
  connections: 10,
  log,
});
log("part 7: Fastify");
const fastify = await fastifyBench({
  rounds: quick ? 1 : 5,
  durationSec: quick ? 2 : 5,
  connections: 10,
  log,
});
log("part 6: Next.js");
const nextjs = await nextBench({
  rounds: quick ? 1 : 5,
  durationMs: quick ? 500 : 2000,
  durationSec: quick ? 2 : 4,
  connections: 10,
  log,
});
log("part 4: memory");
const memory = JSON.parse(
  execFileSync(
    process.execPath,
    ["--expose-gc", new URL("./memory.mjs", import.meta.url).pathname],
    { encoding: "utf8" },
  ),
);

const peers = [
  "@sealed-session/core",
  "iron-webcrypto",
  "@hapi/iron",
  "h3",
  "hono",
  "hono-sessions",
  "@hono/session",
  "iron-session",
  "next",
  "fastify",
  "@fastify/secure-session",
  "express",
  "cookie-session",
  "express-session",
  "connect-redis",
  "unstorage",
  "autocannon",
  "mitata",
];
const report = `# Benchmark results

Written by \`pnpm bench\` (\`bench/run.mjs\`) on ${started.toISOString()}${quick ? " (--quick run)" : ""}.

- Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${CORES} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()} (shared and noisy: read medians and ratios, not single figures)
- Runtime: Node ${process.version}
- Packages: ${peers.map((n) => `${n} ${version(n)}`).join(", ")}
- Record: a ~1 KB session \`{ id, createdAt, data: { user: {…}, str: <900 printable chars> } }\`; every library at its defaults (sealed-session and h3: 8192 PBKDF2 iterations; iron-session, hono-sessions: iron-webcrypto's 1)

## 0. seal / unseal

${seal.markdown}

## 1. Whole requests in process

${inProcess.markdown}

## 2–3. Over loopback HTTP

${loopback.markdown}

## 4. Memory

Heap after \`gc()\` while new visitors keep arriving (each: a request that writes a new session, then one that reads it back, through the Web binding), with the key cache's contents:

${["| visitors | heap used | passwords | derived keys | remembered tokens |", "| --- | --- | --- | --- | --- |", ...memory.map((r) => `| ${r.requests.toLocaleString("en-US")} | ${r.heapMiB.toFixed(1)} MiB | ${r.cache.secrets} | ${r.cache.keys} | ${r.cache.tokens} |`)].join("\n")}

Bounded: the per-request state lives on the request object (a non-enumerable symbol property, collected with it), and the key cache by its LRU sizes (64 passwords × 1024 keys, 2048 remembered tokens).

## 5. Revocation and store mode on Redis

${stores.markdown}

## 6. Next.js

${nextjs.markdown}

${fastifySection(fastify.markdown)}
${formatsSection(formats.markdown)}`;
process.stdout.write(`\n${report}`);
if (!quick) writeFileSync(new URL("RESULTS.md", import.meta.url), report);
