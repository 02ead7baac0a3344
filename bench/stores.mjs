// Part 5: what revocation and store mode cost per read, over loopback, with a
// real Redis (started here on a free port, stopped at the end): a plain sealed
// read, the same with the revocation check, store mode, and express-session
// with connect-redis. Same method as part 2: req/s saturated, then the
// server's CPU per request at the same offered load.
import { startRedis } from "@sealed-session/testing";
import { table } from "./lib/measure.mjs";
import { fmt, load, median, RATES, start } from "./loopback.mjs";

const NAMES = [
  "Express: sealed-session",
  "Express: sealed-session + revocation (Redis)",
  "Express: sealed-session, store mode (Redis)",
  "Express: express-session + connect-redis",
  "Express: express-session (MemoryStore)",
];

export async function storesBench({ rounds, durationSec, connections, log }) {
  const redis = await startRedis();
  process.env.REDIS_URL = redis.url;
  const servers = new Map();
  const runs = new Map(NAMES.map((name) => [name, []]));
  try {
    for (const name of NAMES) servers.set(name, await start(name));
    for (let round = 1; round <= rounds; round++) {
      log(`  stores: round ${round}/${rounds}`);
      for (const name of NAMES)
        runs.get(name).push(
          await load(servers.get(name), {
            durationSec,
            connections,
            forged: false,
            rate: RATES.Express,
          }),
        );
    }
  } finally {
    for (const server of servers.values()) server.stop();
    await redis.dispose();
  }
  const stat = (name, field) => median(runs.get(name).map((run) => run[field]));
  const cpu = (name) => stat(name, "cpuPerRequest").median;
  const plain = cpu("Express: sealed-session");
  const redisSession = cpu("Express: express-session + connect-redis");
  const rows = NAMES.map((name) => {
    const c = stat(name, "cpuPerRequest");
    return [
      name,
      fmt(stat(name, "rps")),
      `${c.median.toFixed(0)} (${c.min.toFixed(0)}–${c.max.toFixed(0)})`,
      `${cpu(name) - plain >= 0 ? "+" : ""}${(cpu(name) - plain).toFixed(0)} µs`,
      `${(redisSession / cpu(name)).toFixed(2)}×`,
    ];
  });
  return {
    markdown: [
      `Express reading a valid session over loopback (${connections} connections × ${durationSec} s; CPU per request at ${RATES.Express.toLocaleString("en-US")} req/s), each the median of ${rounds} rounds, with a real Redis 7 on 127.0.0.1 (append-only, in a temporary directory). The revocation check reads Redis at most once per session and user per second (\`cacheMs\` 1000); store mode reads the session from Redis on every request.`,
      "",
      table(
        [
          "app",
          "req/s",
          "server CPU µs/request",
          "vs a plain sealed read",
          "× express-session + connect-redis",
        ],
        rows,
      ),
    ].join("\n"),
  };
}
