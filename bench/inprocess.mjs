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

/** The framework an app runs on, and its app with no sessions: the baseline of its reads. */
const frameworkOf = (name) => (name.startsWith("Web") ? "Hono" : name.slice(0, name.indexOf(":")));
const baselineOf = (name) => `${frameworkOf(name)}: no sessions`;

export async function inProcessBench({ rounds, durationMs, log }) {
  const apps = Object.entries(fetchApps).map(([name, make]) => [name, make()]);
  const cookies = new Map();
  for (const [name, app] of apps) {
    if (name.endsWith("no sessions")) continue;
    const cookie = cookieOf(await app.fetch(new Request(`${base}/write`)));
    const read = await (
      await app.fetch(new Request(`${base}/read`, { headers: { cookie } }))
    ).text();
    if (read !== "4217") throw new Error(`${name} does not read its session back (${read})`);
    cookies.set(name, cookie);
  }
  const cases = [];
  for (const [name, app] of apps) {
    // An app with no sessions gets the same cookie as ours: the browser sends it either way.
    const cookie = cookies.get(name) ?? cookies.get(`${frameworkOf(name)}: sealed-session`);
    for (const concurrency of [1, CONCURRENCY]) {
      cases.push(
        {
          name: `${name}|round trip|${concurrency}`,
          concurrency,
          fn: async () => {
            const first = await app.fetch(new Request(`${base}/write`));
            await (
              await app.fetch(new Request(`${base}/read`, { headers: { cookie: cookieOf(first) } }))
            ).text();
          },
        },
        {
          name: `${name}|read|${concurrency}`,
          concurrency,
          fn: async () =>
            (await app.fetch(new Request(`${base}/read`, { headers: { cookie } }))).text(),
        },
      );
    }
  }
  const results = await throughputRounds(cases, {
    rounds,
    durationMs,
    onRound: (r) => log(`  in process: round ${r}/${rounds}`),
  });
  const get = (name, op, concurrency) => results.get(`${name}|${op}|${concurrency}`).median;
  const fmt = (r) => `${fmtOps(r.median)} (${fmtOps(r.min)}–${fmtOps(r.max)})`;
  const rows = apps.map(([name]) => {
    const cells = [name];
    for (const concurrency of [1, CONCURRENCY]) {
      cells.push(
        fmt(results.get(`${name}|round trip|${concurrency}`)),
        fmt(results.get(`${name}|read|${concurrency}`)),
      );
    }
    for (const concurrency of [1, CONCURRENCY]) {
      cells.push(
        name.endsWith("no sessions")
          ? "—"
          : `${Math.round((get(name, "read", concurrency) / get(baselineOf(name), "read", concurrency)) * 100)}%`,
      );
    }
    return cells;
  });
  const ratio = (a, b, op, concurrency) => get(a, op, concurrency) / get(b, op, concurrency);
  const both = (fn) => [1, CONCURRENCY].map(fn);
  const targets = [
    [
      "h3 round trip vs h3's built-in useSession",
      both((n) => ratio("h3: sealed-session", "h3: built-in useSession", "round trip", n)),
      100,
      "×",
    ],
    [
      "Hono round trip vs hono-sessions",
      both((n) => ratio("Hono: sealed-session", "Hono: hono-sessions", "round trip", n)),
      15,
      "×",
    ],
    [
      "Web binding round trip vs iron-session",
      both((n) =>
        ratio(
          "Web binding: bare fetch handler",
          "Hono: iron-session (Request/Response)",
          "round trip",
          n,
        ),
      ),
      10,
      "×",
    ],
    [
      "h3 read vs h3 with no sessions",
      both((n) => ratio("h3: sealed-session", "h3: no sessions", "read", n)),
      0.7,
      "%",
    ],
    [
      "h3 read with OpenTelemetry telemetry vs without",
      both((n) => ratio("h3: sealed-session + OpenTelemetry", "h3: sealed-session", "read", n)),
      0.9,
      "%",
    ],
    [
      "Hono read vs Hono with no sessions",
      both((n) => ratio("Hono: sealed-session", "Hono: no sessions", "read", n)),
      0.7,
      "%",
    ],
  ];
  const gain = (name) => get(name, "round trip", CONCURRENCY) / get(name, "round trip", 1);
  const show = (value, unit) => (unit === "%" ? `${Math.round(value * 100)}%` : formatRatio(value));
  return {
    markdown: [
      `Round trips/s and reads/s, one request at a time and with ${CONCURRENCY} in flight (\`app.fetch\` in one process, a closed loop of ${durationMs / 1000} s per round): median of ${rounds} rounds (slowest–fastest). A round trip creates the session and writes the record, then reads it back with the cookie; a read sends a valid cookie. Apps with no sessions get the same cookie (the browser sends it either way). The last columns set a read against the same framework with no sessions (the Web binding against Hono).`,
      "",
      table(
        [
          "app",
          "round trips/s (1)",
          "reads/s (1)",
          `round trips/s (${CONCURRENCY})`,
          `reads/s (${CONCURRENCY})`,
          "read vs no sessions (1)",
          `read vs no sessions (${CONCURRENCY})`,
        ],
        rows,
      ),
      "",
      ...targets.map(([label, [one, many], target, unit]) => {
        const ok = Math.min(one, many) >= target;
        return `- ${label}: **${show(one, unit)}** one at a time, **${show(many, unit)}** with ${CONCURRENCY} in flight (target ≥ ${show(target, unit)}: ${ok ? "met" : "NOT met"})`;
      }),
      "",
      `What ${CONCURRENCY} in flight buys each (round trips/s with ${CONCURRENCY} in flight ÷ one at a time): ${apps
        .filter(([name]) => !name.endsWith("no sessions"))
        .map(([name]) => `${name} ${formatRatio(gain(name))}`)
        .join(
          ", ",
        )}. Web Crypto's AES, HMAC and PBKDF2 run on libuv's thread pool, so the peers built on it use the second core once requests overlap; the \`node:crypto\` provider runs AES and HMAC on the calling thread (faster per call, one core).`,
    ].join("\n"),
    summary: Object.fromEntries(targets.map(([label, values]) => [label, values])),
  };
}
