// Part 1: whole requests in process (`app.fetch(request)`), side by side.
// A round trip is request 1 creating the session and writing the record, then
// request 2 sending the cookie back and reading it; a read is request 2 alone.
import { fetchApps } from "./apps.mjs";
import { formatRatio, table, throughputRounds } from "./lib/measure.mjs";

const base = "http://localhost";
// As a browser keeps them: the last Set-Cookie of each name wins.
const cookieOf = (response) => {
  const jar = new Map();
  for (const line of response.headers.getSetCookie()) {
    const pair = line.slice(0, line.indexOf(";"));
    jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  return [...jar.values()].join("; ");
};

/** Requests in flight at once: throughput under a modest load, not the latency of one request. */
export const CONCURRENCY = 16;

const fmtOps = (ops) => (ops >= 100 ? Math.round(ops).toLocaleString("en-US") : ops.toFixed(1));

export async function inProcessBench({ rounds, durationMs, log }) {
  const apps = Object.entries(fetchApps).map(([name, make]) => [name, make()]);
  const cases = [];
  for (const [name, app] of apps) {
    const written = await app.fetch(new Request(`${base}/write`));
    const cookie = cookieOf(written);
    const read = await (await app.fetch(new Request(`${base}/read`, { headers: { cookie } }))).text();
    if (!name.endsWith("no sessions") && read !== "4217") throw new Error(`${name} does not read its session back (${read})`);
    cases.push(
      {
        name: `${name}|round trip`,
        fn: async () => {
          const first = await app.fetch(new Request(`${base}/write`));
          await (await app.fetch(new Request(`${base}/read`, { headers: { cookie: cookieOf(first) } }))).text();
        },
      },
      {
        name: `${name}|read`,
        fn: async () => (await app.fetch(new Request(`${base}/read`, { headers: { cookie } }))).text(),
      },
    );
  }
  const results = await throughputRounds(cases, {
    rounds,
    durationMs,
    concurrency: CONCURRENCY,
    onRound: (r) => log(`  in process: round ${r}/${rounds}`),
  });
  const get = (name, op) => results.get(`${name}|${op}`).median;
  const fmt = (r) => `${fmtOps(r.median)} (${fmtOps(r.min)}–${fmtOps(r.max)})`;
  const baselineOf = (name) => `${name.slice(0, name.indexOf(":"))}: no sessions`;
  const rows = apps.map(([name]) => {
    const baseline = name.startsWith("Web") ? "Hono: no sessions" : baselineOf(name);
    const r = results.get(`${name}|round trip`);
    const rd = results.get(`${name}|read`);
    return [
      name,
      fmt(r),
      fmt(rd),
      name.endsWith("no sessions") ? "—" : `${Math.round((rd.median / get(baseline, "read")) * 100)}% of ${baseline}`,
    ];
  });
  const h3Ratio = get("h3: sealed-session", "round trip") / get("h3: built-in useSession", "round trip");
  const honoRatio = get("Hono: sealed-session", "round trip") / get("Hono: hono-sessions", "round trip");
  const h3Overhead = get("h3: sealed-session", "read") / get("h3: no sessions", "read");
  const honoOverhead = get("Hono: sealed-session", "read") / get("Hono: no sessions", "read");
  const met = (ok) => (ok ? "met" : "NOT met");
  return {
    markdown: [
      `Round trips/s and reads/s with ${CONCURRENCY} requests in flight (\`app.fetch\` in one process, a closed loop of ${durationMs / 1000} s per round): median of ${rounds} rounds (slowest–fastest). The last column is a read's throughput against the same framework with no sessions (the Web binding is set against Hono).`,
      "",
      table(["app", "round trips/s", "reads/s", "read vs no sessions"], rows),
      "",
      `- h3 adapter round trip vs h3's built-in useSession: **${formatRatio(h3Ratio)}** (target ≥ 50×: ${met(h3Ratio >= 50)})`,
      `- Hono adapter round trip vs hono-sessions: **${formatRatio(honoRatio)}** (target ≥ 10×: ${met(honoRatio >= 10)})`,
      `- h3 adapter read vs h3 with no sessions: **${Math.round(h3Overhead * 100)}%** (target ≥ 50%: ${met(h3Overhead >= 0.5)})`,
      `- Hono adapter read vs Hono with no sessions: **${Math.round(honoOverhead * 100)}%** (target ≥ 50%: ${met(honoOverhead >= 0.5)})`,
    ].join("\n"),
    summary: { h3Ratio, honoRatio, h3Overhead, honoOverhead },
  };
}
