// Parts 2 and 3: over loopback HTTP. Each app runs in its own process;
// autocannon (fixed connections and duration, stops by itself) loads it from
// this one. Part 2 reads a valid session on every request; part 3 does the
// same while every other request carries a forged token with fresh salts.
import { execFileSync, fork } from "node:child_process";
import os from "node:os";
import autocannon from "autocannon";
import { table } from "./lib/measure.mjs";

const hex = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");

// With two CPUs or more and taskset, each app runs on CPU 1 and the load
// generator (this process) on CPU 0: neither steals the other's core, and
// the scheduler does not move the server between caches mid-measurement.
// Read once, before this process pins itself: pinned, it would see one CPU.
const CPUS = os.availableParallelism();
const pinning = (() => {
  if (CPUS < 2) return false;
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const pin = (pid, cpus) =>
  pinning && execFileSync("taskset", ["-pc", cpus, String(pid)], { stdio: "ignore" });
// Only the loopback apps are pinned: the store apps share the machine with Redis.
let pinned = false;

/**
 * While on, apps started are pinned to CPU 1 and this process (the load
 * generator) to CPU 0; off, this process gets every CPU back.
 */
export function pinLoad(on) {
  pinned = on && pinning;
  pin(process.pid, on ? "0" : `0-${CPUS - 1}`);
}

export async function start(name, borrowed) {
  const child = fork(new URL("./serve.mjs", import.meta.url), [name], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  if (pinned) pin(child.pid, "1");
  const port = await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      const match = /listening (\d+)/.exec(String(chunk));
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`${name} exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const written = await fetch(`${url}/write`);
  const jar = new Map();
  for (const line of written.headers.getSetCookie()) {
    const pair = line.slice(0, line.indexOf(";"));
    jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  // An app with no sessions gets its framework's session cookie: the browser sends it either way.
  const cookie = borrowed ?? [...jar.values()].join("; ");
  const check = await (await fetch(`${url}/read`, { headers: { cookie } })).text();
  if (!name.endsWith("no sessions") && check !== "4217")
    throw new Error(`${name} does not read its session back (${check})`);
  const usage = () =>
    new Promise((resolve) => {
      child.once("message", resolve);
      child.send("usage");
    });
  return { name, url, cookie, usage, stop: () => child.kill() };
}

/**
 * Req/s with the server saturated, and the server's CPU time per request in µs
 * (user + system) under a fixed offered load, the same for every app of a
 * framework: the load generator then takes the same share of the machine
 * whichever app it loads.
 */
export async function load(server, options) {
  const rps = await generate(server, { ...options, rate: undefined });
  if (!options.rate) return { rps, cpuPerRequest: Number.NaN };
  const before = await server.usage();
  await generate(server, { ...options, durationSec: Math.min(options.durationSec, 4) });
  const after = await server.usage();
  const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
  return { rps, cpuPerRequest: cpu / (after.requests - before.requests) };
}

/** Offered load for the CPU measurement, per framework: below what its slowest compared app serves on this machine. */
export const RATES = { Express: 1500, h3: 3000, Fastify: 2000 };
const rateOf = (name) =>
  name.includes("built-in") || name.includes("flood")
    ? undefined
    : RATES[name.slice(0, name.indexOf(" ")).replace(":", "")];

function generate(server, { durationSec, connections, forged, rate, path = "/read" }) {
  const valid = { method: "GET", path, headers: { cookie: server.cookie } };
  // A forged token: a genuine one with both salts replaced by fresh random ones.
  const forge = (request) => {
    const token = decodeURIComponent(
      server.cookie.slice(server.cookie.indexOf("=") + 1).split(";")[0],
    );
    const parts = token.split("*");
    parts[2] = hex();
    parts[6] = hex();
    return { ...request, headers: { cookie: `session=${parts.join("*")}` } };
  };
  const requests = forged
    ? [valid, { method: "GET", path: "/read", setupRequest: forge }]
    : [valid];
  return new Promise((resolve, reject) => {
    autocannon(
      { url: server.url, connections, duration: durationSec, requests, overallRate: rate },
      (error, result) => {
        if (error) return reject(error);
        if (result.non2xx > 0 || result.errors > 0)
          return reject(
            new Error(`${server.name}: ${result.non2xx} non-2xx, ${result.errors} errors`),
          );
        resolve(result.requests.total / durationSec);
      },
    );
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
}

export const fmt = (r) =>
  `${Math.round(r.median).toLocaleString("en-US")} (${Math.round(r.min).toLocaleString("en-US")}–${Math.round(r.max).toLocaleString("en-US")})`;

export async function loopbackBench({ rounds, durationSec, connections, log }) {
  const readNames = [
    "Express: sealed-session",
    "Express: cookie-session",
    "Express: express-session (MemoryStore)",
    "Express: no sessions",
    "h3 (node:http): sealed-session",
    "h3 (node:http): built-in useSession",
    "h3 (node:http): no sessions",
  ];
  const floodNames = [
    "h3 (node:http): sealed-session",
    "h3 (node:http): sealed-session, onlyOwnSalts",
    "h3 (node:http): built-in useSession",
  ];
  const servers = new Map();
  pinned = pinning;
  for (const name of new Set([...readNames, ...floodNames])) {
    const ours = servers.get(name.replace(/: no sessions$/, ": sealed-session"));
    servers.set(name, await start(name, name.endsWith("no sessions") ? ours?.cookie : undefined));
  }
  const reads = new Map(readNames.map((n) => [n, []]));
  const floods = new Map(floodNames.map((n) => [n, []]));
  pin(process.pid, "0");
  try {
    for (let round = 1; round <= rounds; round++) {
      log(`  loopback: round ${round}/${rounds}`);
      // Every other round runs the apps in the reverse order, so a drift in
      // the machine's speed does not always favour the same app.
      for (const name of round % 2 ? readNames : [...readNames].reverse())
        reads.get(name).push(
          await load(servers.get(name), {
            durationSec,
            connections,
            forged: false,
            rate: rateOf(name),
          }),
        );
      for (const name of floodNames)
        floods
          .get(name)
          .push(await load(servers.get(name), { durationSec, connections, forged: true }));
    }
  } finally {
    for (const server of servers.values()) server.stop();
    pin(process.pid, `0-${CPUS - 1}`);
    pinned = false;
  }
  const stat = (runs, field) => median(runs.map((run) => run[field]));
  const readStats = new Map(
    [...reads].map(([n, runs]) => [
      n,
      { rps: stat(runs, "rps"), cpu: stat(runs, "cpuPerRequest") },
    ]),
  );
  const floodStats = new Map(
    [...floods].map(([n, runs]) => [
      n,
      { rps: stat(runs, "rps"), cpu: stat(runs, "cpuPerRequest") },
    ]),
  );
  // A saturated server's throughput is the inverse of its CPU per request: ratios come from CPU time,
  // which the load generator (sharing the machine) does not skew as it skews req/s.
  const cpu = (n) => readStats.get(n).cpu.median;
  const baseline = (n) => `${n.slice(0, n.indexOf(": "))}: no sessions`;
  // How much of b's capacity a keeps: the median over rounds of the ratio
  // within each round (both measured minutes apart at most), which a slow
  // round of the whole machine moves less than a ratio of medians.
  const paired = (a, b) =>
    median(reads.get(a).map((run, i) => reads.get(b)[i].cpuPerRequest / run.cpuPerRequest));
  const speed = (a, b) => paired(a, b).median;
  const percent = (r) =>
    `${Math.round(r.median * 100)}% (${Math.round(r.min * 100)}–${Math.round(r.max * 100)})`;
  const fmtCpu = (r) =>
    Number.isNaN(r.median)
      ? "—"
      : `${r.median.toFixed(0)} (${r.min.toFixed(0)}–${r.max.toFixed(0)})`;
  const readRows = readNames.map((n) => [
    n,
    fmt(readStats.get(n).rps),
    fmtCpu(readStats.get(n).cpu),
    n !== baseline(n) && rateOf(n) ? percent(paired(n, baseline(n))) : "—",
    n.startsWith("Express") && n !== "Express: cookie-session"
      ? `${speed(n, "Express: cookie-session").toFixed(2)}×`
      : "—",
  ]);
  const floodRows = floodNames.map((n) => {
    const total = floodStats.get(n).rps;
    return [
      n,
      fmt(total),
      Math.round(total.median / 2).toLocaleString("en-US"),
      `${Math.round((total.median / readStats.get(n.replace(", onlyOwnSalts", "")).rps.median) * 100)}%`,
    ];
  });
  const expressVsCookie = speed("Express: sealed-session", "Express: cookie-session");
  const expressPaired = paired("Express: sealed-session", "Express: no sessions");
  const h3Paired = paired("h3 (node:http): sealed-session", "h3 (node:http): no sessions");
  const expressOverhead = expressPaired.median;
  const h3Overhead = h3Paired.median;
  const met = (ok) => (ok ? "met" : "NOT met");
  return {
    markdown: [
      `### 2. Reading a valid session over loopback`,
      "",
      `autocannon, ${connections} connections × ${durationSec} s against an app in another process on 127.0.0.1, every request carrying a valid session cookie (apps with no sessions get the same cookie): req/s with the server saturated, then the server process's CPU time per request (user + system, \`process.cpuUsage()\`) at a fixed offered load of ${RATES.Express.toLocaleString("en-US")} req/s for Express and ${RATES.h3.toLocaleString("en-US")} req/s for h3; each the median of ${rounds} rounds (slowest–fastest), the apps in reverse order every other round. ${pinning ? "Each app runs pinned to CPU 1 and the load generator to CPU 0 (`taskset`). " : ""}The load generator shares the machine with the server, so saturated req/s moves with whatever else runs; the comparisons use CPU per request at the same load (a server's capacity is 1 / its CPU per request): "vs no sessions" is the median of the ratios within each round (lowest–highest).`,
      "",
      table(
        ["app", "req/s", "server CPU µs/request", "vs no sessions", "vs cookie-session"],
        readRows,
      ),
      "",
      `- Express adapter vs cookie-session (signed only, not encrypted): **${expressVsCookie.toFixed(2)}×** (target ≥ 1.3×: ${met(expressVsCookie >= 1.3)}; a session library that cost nothing would reach ${speed("Express: no sessions", "Express: cookie-session").toFixed(2)}×: Express's own ${cpu("Express: no sessions").toFixed(0)} µs per request bound it)`,
      `- Express adapter vs Express with no sessions: **${percent(expressPaired)}** (target ≥ 80%: ${met(expressOverhead >= 0.8)})`,
      `- h3 adapter vs h3 with no sessions: **${percent(h3Paired)}** (target ≥ 70%: ${met(h3Overhead >= 0.7)})`,
      "",
      `### 3. Forged-cookie flood`,
      "",
      `The same load, but every other request carries a forged token whose two salts are fresh random ones (any iron implementation must derive a key to check its MAC). "valid req/s" is half the total.`,
      "",
      table(["app", "req/s (all)", "valid req/s", "vs no flood"], floodRows),
    ].join("\n"),
    summary: { expressVsCookie, expressOverhead, h3Overhead },
  };
}
