// Part 6: Next.js 16. One app (bench/next-app, `next build`) with a route
// handler per library: sealed-session's `useSession(config)` and
// iron-session 9's `getIronSession(await cookies(), options)`, each writing
// and reading the bench record, and a route with no sessions. Measured in one
// process (Next's handler and a fetch client together) and over loopback
// (Next in its own process on CPU 1, autocannon here on CPU 0).
import { execFileSync, fork } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { formatRatio, table } from "./lib/measure.mjs";

const LIBS = ["ours", "iron", "cookies", "none"];
const LABEL = {
  ours: "sealed-session",
  iron: "iron-session",
  cookies: "`cookies()` alone",
  none: "no cookies",
};
const CONCURRENCY = 16;
/** Offered load for the CPU measurement: below what the slowest route serves on one CPU. */
const RATE = 600;
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const CPUS = os.availableParallelism();
const pin = (pid, cpus) => {
  if (CPUS < 2) return;
  try {
    execFileSync("taskset", ["-pc", cpus, String(pid)], { stdio: "ignore" });
  } catch {}
};

function build() {
  execFileSync(here("./node_modules/.bin/next"), ["build"], {
    cwd: here("./next-app/"),
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

function child(args) {
  return fork(here("./next-serve.mjs"), args, {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

async function inOneProcess(rounds, durationMs) {
  const proc = child(["self", String(rounds), String(durationMs)]);
  let out = "";
  proc.stdout.on("data", (chunk) => {
    out += chunk;
  });
  const code = await new Promise((resolve) => proc.once("exit", resolve));
  if (code !== 0) throw new Error(`next-serve self exited ${code}`);
  const line = out.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error("next-serve self printed no result");
  return new Map(Object.entries(JSON.parse(line.slice(7))));
}

async function serve() {
  const proc = child(["serve"]);
  const port = await new Promise((resolve, reject) => {
    proc.stdout.on("data", (chunk) => {
      const match = /listening (\d+)/.exec(String(chunk));
      if (match) resolve(Number(match[1]));
    });
    proc.once("exit", (code) => reject(new Error(`next-serve exited (${code})`)));
  });
  pin(proc.pid, "1");
  const usage = () =>
    new Promise((resolve) => {
      proc.once("message", resolve);
      proc.send("usage");
    });
  return { url: `http://127.0.0.1:${port}`, usage, stop: () => proc.kill() };
}

function cannon(url, path, cookie, { durationSec, connections, rate }) {
  const headers = cookie ? { cookie } : {};
  return new Promise((resolve, reject) =>
    autocannon(
      { url, connections, duration: durationSec, requests: [{ path, headers }], overallRate: rate },
      (error, result) => {
        if (error) return reject(error);
        if (result.non2xx > 0 || result.errors > 0)
          return reject(new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`));
        resolve(result.requests.total / durationSec);
      },
    ),
  );
}

// Req/s saturated, then the server's CPU µs per request at a fixed rate.
async function measure(server, path, cookie, options) {
  const rps = await cannon(server.url, path, cookie, options);
  const before = await server.usage();
  await cannon(server.url, path, cookie, { ...options, rate: RATE });
  const after = await server.usage();
  const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
  return { rps, cpu: cpu / (after.requests - before.requests) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
};

async function overLoopback({ rounds, durationSec, connections, log }) {
  const server = await serve();
  const samples = new Map();
  const add = (key, value) => samples.set(key, [...(samples.get(key) ?? []), value]);
  try {
    const cookies = {};
    for (const lib of ["ours", "iron"]) {
      const written = await fetch(`${server.url}/s/${lib}/write`);
      cookies[lib] = written.headers
        .getSetCookie()
        .map((line) => line.slice(0, line.indexOf(";")))
        .join("; ");
    }
    cookies.cookies = cookies.ours;
    cookies.none = cookies.ours;
    // Warm-up, not recorded: each route compiled and its code optimized.
    for (const lib of LIBS)
      for (const op of ["read", "write"])
        await cannon(server.url, `/s/${lib}/${op}`, op === "read" ? cookies[lib] : undefined, {
          durationSec: 2,
          connections,
        });
    for (let round = 1; round <= rounds; round++) {
      log(`  next.js over loopback: round ${round}/${rounds}`);
      for (const lib of LIBS) {
        const options = { durationSec, connections };
        const read = await measure(server, `/s/${lib}/read`, cookies[lib], options);
        const write = await measure(server, `/s/${lib}/write`, undefined, options);
        add(`${lib}|read|rps`, read.rps);
        add(`${lib}|read|cpu`, read.cpu);
        add(`${lib}|write|rps`, write.rps);
        add(`${lib}|write|cpu`, write.cpu);
        // A library's cost per request: CPU above the route that reads the
        // cookie through cookies() (as both libraries do), in the same round.
        if (lib === "none")
          for (const other of ["ours", "iron"])
            for (const op of ["read", "write"]) {
              const own = samples.get(`${other}|${op}|cpu`).at(-1);
              add(`${other}|${op}|cost`, own - samples.get(`cookies|${op}|cpu`).at(-1));
            }
      }
    }
  } finally {
    server.stop();
  }
  return new Map([...samples].map(([key, values]) => [key, median(values)]));
}

const fmtOps = (r) =>
  `${Math.round(r.median).toLocaleString("en-US")} (${Math.round(r.min).toLocaleString("en-US")}–${Math.round(r.max).toLocaleString("en-US")})`;
const fmtUs = (r) => `${Math.round(r.median)} µs (${Math.round(r.min)}–${Math.round(r.max)})`;

export async function nextBench({ rounds, durationMs, durationSec, connections, log }) {
  log("  next build");
  build();
  const local = await inOneProcess(rounds, durationMs);
  const wire = await overLoopback({ rounds, durationSec, connections, log });
  const get = (lib, op, n) => local.get(`${lib}|${op}|${n}`);
  const localRows = LIBS.map((lib) => [
    LABEL[lib],
    ...[1, CONCURRENCY].flatMap((n) => [
      fmtOps(get(lib, "round trip", n)),
      fmtOps(get(lib, "read", n)),
    ]),
  ]);
  const wireRows = LIBS.map((lib) => [
    LABEL[lib],
    fmtOps(wire.get(`${lib}|read|rps`)),
    fmtUs(wire.get(`${lib}|read|cpu`)),
    fmtOps(wire.get(`${lib}|write|rps`)),
    fmtUs(wire.get(`${lib}|write|cpu`)),
  ]);
  const cost = (lib, op) => wire.get(`${lib}|${op}|cost`).median;
  // A cost at or below the baseline's is lost in Next's own noise: no ratio then.
  const costRatio = (op) =>
    cost("ours", op) > 0 ? cost("iron", op) / cost("ours", op) : Number.NaN;
  const showRatio = (op) =>
    Number.isNaN(costRatio(op))
      ? "not measurable (ours within the baseline's noise)"
      : formatRatio(costRatio(op));
  const whole = (op, n) => get("ours", op, n).median / get("iron", op, n).median;
  const ok = ["read", "write"].every((op) => Number.isNaN(costRatio(op)) || costRatio(op) >= 5);
  return {
    markdown: [
      `Next.js 16 (\`next build\`, Next's own request handler on node:http), one app with a route handler per library: \`useSession(config)\` from @sealed-session/next (\`lazy: true\`: like iron-session, no cookie for a new visitor until data is written), \`getIronSession(await cookies(), options)\` from iron-session, a route that only uses \`cookies()\` — reads the cookie, or sets one as long as a sealed record — and one that touches no cookie (both sent our cookie). Each writes the ~1 KB record or reads it back. Median of ${rounds} rounds (slowest–fastest), the libraries interleaved within each round.`,
      "",
      `In one process (the handler and a fetch client together, ${durationMs / 1000} s closed loops; a round trip writes a new session, then reads it back with its cookie):`,
      "",
      table(
        [
          "route",
          "round trips/s (1)",
          "reads/s (1)",
          `round trips/s (${CONCURRENCY})`,
          `reads/s (${CONCURRENCY})`,
        ],
        localRows,
      ),
      "",
      `Over loopback (Next in its own process${CPUS >= 2 ? " on CPU 1, autocannon on CPU 0" : ""}; ${connections} connections, ${durationSec} s): req/s saturated, and the server's CPU time per request at ${RATE} req/s offered. A write is a new visitor's request that writes the record.`,
      "",
      table(["route", "reads/s", "CPU per read", "writes/s", "CPU per write"], wireRows),
      "",
      `- Library cost per request (server CPU above the \`cookies()\` route, paired within each round): read ${fmtUs(wire.get("ours|read|cost"))} vs iron-session ${fmtUs(wire.get("iron|read|cost"))} = **${showRatio("read")}**; write ${fmtUs(wire.get("ours|write|cost"))} vs ${fmtUs(wire.get("iron|write|cost"))} = **${showRatio("write")}** (target ≥ 5× iron-session per request: ${ok ? "met" : "NOT met"})`,
      `- Whole requests in one process, sealed-session ÷ iron-session: round trips ${formatRatio(whole("round trip", 1))} (1) / ${formatRatio(whole("round trip", CONCURRENCY))} (${CONCURRENCY}), reads ${formatRatio(whole("read", 1))} / ${formatRatio(whole("read", CONCURRENCY))}: Next's own work per request bounds these.`,
    ].join("\n"),
    summary: { readCost: costRatio("read"), writeCost: costRatio("write") },
  };
}

// Alone: `node next.mjs [--quick]` prints the part.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes("--quick");
  const result = await nextBench({
    rounds: quick ? 1 : 5,
    durationMs: quick ? 500 : 2000,
    durationSec: quick ? 2 : 5,
    connections: 10,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${result.markdown}\n`);
}
