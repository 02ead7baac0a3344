// The Next.js app of part 6 (bench/next-app, built by `next build`), served by
// Next's own request handler on node:http at 127.0.0.1, a random port.
//   node next-serve.mjs serve   prints "listening <port>"; asked "usage" over
//                               IPC, collects garbage (with --expose-gc) and
//                               answers its CPU time and request count
//   node next-serve.mjs self <rounds> <durationMs>
//                               also drives itself (fetch, closed loops) and
//                               prints the results as JSON: the whole request,
//                               client included, in one process
// Stops itself after 15 minutes at the latest.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import next from "next";
import { throughputRounds } from "./lib/measure.mjs";

export const LIBS = ["ours", "iron", "cookies", "none"];
export const CONCURRENCY = 16;
const [mode, rounds, durationMs] = process.argv.slice(2);
const dir = fileURLToPath(new URL("./next-app/", import.meta.url));

let handle;
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  void handle(req, res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();
const app = next({ dev: false, dir, hostname: "127.0.0.1", port, quiet: true });
await app.prepare();
handle = app.getRequestHandler();
setTimeout(() => process.exit(0), 15 * 60_000).unref();
process.on("disconnect", () => process.exit(0));

if (mode === "serve") {
  process.on("message", (message) => {
    // Collected first: each window pays for its own garbage, not the last one's.
    if (message === "usage") {
      globalThis.gc?.();
      process.send?.({ cpu: process.cpuUsage(), requests });
    }
  });
  console.log(`listening ${port}`);
} else {
  // Next catches uncaught exceptions and keeps serving: a failure must end the run.
  await selfBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
  process.exit(0);
}

async function selfBench() {
  const base = `http://127.0.0.1:${port}/s`;
  const cookieOf = (response) =>
    response.headers
      .getSetCookie()
      .map((line) => line.slice(0, line.indexOf(";")))
      .join("; ");
  const cookies = {};
  for (const lib of LIBS) {
    cookies[lib] = cookieOf(await fetch(`${base}/${lib}/write`));
    const read = await (
      await fetch(`${base}/${lib}/read`, { headers: { cookie: cookies[lib] || cookies.ours } })
    ).text();
    if (read !== "4217") throw new Error(`${lib} does not read its session back (${read})`);
  }
  const cases = LIBS.flatMap((lib) =>
    [1, CONCURRENCY].flatMap((concurrency) => [
      {
        name: `${lib}|round trip|${concurrency}`,
        concurrency,
        fn: async () => {
          const cookie = cookieOf(await fetch(`${base}/${lib}/write`));
          await (await fetch(`${base}/${lib}/read`, { headers: { cookie } })).text();
        },
      },
      {
        name: `${lib}|read|${concurrency}`,
        concurrency,
        // The route with no sessions gets our cookie: the browser sends it either way.
        fn: async () =>
          (
            await fetch(`${base}/${lib}/read`, {
              headers: { cookie: cookies[lib] || cookies.ours },
            })
          ).text(),
      },
    ]),
  );
  const results = await throughputRounds(cases, {
    rounds: Number(rounds),
    durationMs: Number(durationMs),
    onRound: (r) => process.stderr.write(`  next.js in one process: round ${r}/${rounds}\n`),
  });
  process.stdout.write(`\nRESULT ${JSON.stringify(Object.fromEntries(results))}\n`);
}
