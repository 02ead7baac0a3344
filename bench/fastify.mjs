// Part 7: Fastify over loopback — this library's plugin beside
// @fastify/secure-session (libsodium's secretbox through a native add-on) and
// Fastify with no sessions, reading a valid session and writing one on every
// request. Each app runs in its own process pinned to CPU 1; autocannon runs
// here, pinned to CPU 0.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { table } from "./lib/measure.mjs";
import { fmt, load, median, pinLoad, RATES, start } from "./loopback.mjs";

const OURS = "Fastify: sealed-session";
const PEER = "Fastify: @fastify/secure-session";
const NONE = "Fastify: no sessions";
const GCM = "Fastify: sealed-session, Fe26.3";
const APPS = [OURS, GCM, PEER, NONE];
const OPS = ["read", "write"];

export async function fastifyBench({ rounds, durationSec, connections, log }) {
  const servers = new Map();
  const runs = new Map();
  pinLoad(true);
  try {
    for (const name of APPS)
      servers.set(name, await start(name, name === NONE ? servers.get(OURS).cookie : undefined));
    for (let round = 1; round <= rounds; round++) {
      log(`  fastify: round ${round}/${rounds}`);
      // Every other round in reverse order, so a drift of the machine favours no app.
      for (const op of OPS)
        for (const name of round % 2 ? APPS : [...APPS].reverse()) {
          const key = `${name} ${op}`;
          const path = `/${op}`;
          const run = await load(servers.get(name), {
            durationSec,
            connections,
            path,
            rate: RATES.Fastify,
          });
          runs.set(key, [...(runs.get(key) ?? []), run]);
        }
    }
  } finally {
    for (const server of servers.values()) server.stop();
    pinLoad(false);
  }
  const of = (name, op) => runs.get(`${name} ${op}`);
  // How much faster a is than b: the median over rounds of b's CPU per request over a's, within each round.
  const paired = (a, b, op) =>
    median(of(a, op).map((run, i) => of(b, op)[i].cpuPerRequest / run.cpuPerRequest));
  const ratio = (r) => `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
  const cpu = (r) => `${r.median.toFixed(0)} (${r.min.toFixed(0)}–${r.max.toFixed(0)})`;
  const rows = OPS.flatMap((op) =>
    APPS.map((name) => [
      `${name}, ${op}`,
      fmt(median(of(name, op).map((run) => run.rps))),
      cpu(median(of(name, op).map((run) => run.cpuPerRequest))),
      name === PEER ? "—" : ratio(paired(name, PEER, op)),
    ]),
  );
  const summary = Object.fromEntries(OPS.map((op) => [op, paired(OURS, PEER, op).median]));
  const rpsRatio = (op) =>
    median(of(OURS, op).map((run, i) => run.rps / of(PEER, op)[i].rps)).median;
  const met = (op) => (summary[op] >= 1 && rpsRatio(op) >= 1 ? "met" : "NOT met");
  return {
    markdown: [
      `autocannon, ${connections} connections × ${durationSec} s against each app in its own process on 127.0.0.1: req/s with the server saturated, then the server's CPU time per request at a fixed offered load of ${RATES.Fastify.toLocaleString("en-US")} req/s; medians of ${rounds} rounds (slowest–fastest), the apps in reverse order every other round. "read" sends a valid session cookie; "write" sends it too and changes the session (a counter), so every response carries a new sealed cookie. @fastify/secure-session runs with a 32-byte key (no Argon2 derivation); ours at its defaults (iron \`Fe26.2\`, 8192 PBKDF2 iterations, keys cached, tokens bound to the cookie), and again writing the experimental AEAD \`Fe26.3\`. "vs secure-session" is its CPU per request over the app's, within each round.`,
      "",
      table(["app, operation", "req/s", "server CPU µs/request", "vs secure-session"], rows),
      "",
      ...OPS.map(
        (op) =>
          `- ${op}: sealed-session **${ratio(paired(OURS, PEER, op))}** @fastify/secure-session's capacity by CPU, ${rpsRatio(op).toFixed(2)}× its saturated req/s (goal ≥ 1×, with iron tokens and no native add-on: ${met(op)})`,
      ),
    ].join("\n"),
    summary,
  };
}

/** RESULTS.md's part 7, as the full run writes it. */
export const fastifySection = (markdown, note = "") => `## 7. Fastify\n\n${note}${markdown}\n`;

// Alone: `node fastify.mjs [--quick]` prints the part; without --quick it also
// replaces part 7 of RESULTS.md, saying when it ran (the other parts keep their run).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes("--quick");
  const result = await fastifyBench({
    rounds: quick ? 1 : 5,
    durationSec: quick ? 2 : 5,
    connections: 10,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${result.markdown}\n`);
  if (!quick) {
    const file = new URL("RESULTS.md", import.meta.url);
    const old = readFileSync(file, "utf8");
    const at = old.indexOf("## 7. Fastify");
    const note = `Run on its own (\`node bench/fastify.mjs\`) on ${new Date().toISOString()}, Node ${process.version}, fastify ${versionOf("fastify")}, @fastify/secure-session ${versionOf("@fastify/secure-session")}.\n\n`;
    const section = fastifySection(result.markdown, note);
    writeFileSync(file, at < 0 ? `${old.trimEnd()}\n\n${section}` : old.slice(0, at) + section);
  }
}

function versionOf(name) {
  return JSON.parse(
    readFileSync(new URL(`node_modules/${name}/package.json`, import.meta.url), "utf8"),
  ).version;
}
