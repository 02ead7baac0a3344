// `pnpm --filter bench profile "<app>" <read|write> [seconds]`: where one
// request's time goes. Drives an in-process app of apps.mjs one request at a
// time under `node --cpu-prof`, then prints the self time per function in
// microseconds per request, and per package. Apps with no sessions are sent
// their framework's session cookie, as in the benchmark.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchApps } from "./apps.mjs";

const [name, op = "read", seconds = "4"] = process.argv.slice(2);
if (!fetchApps[name] || !["read", "write"].includes(op)) {
  console.error(
    `usage: profile.mjs "<app>" <read|write> [seconds]\napps: ${Object.keys(fetchApps).join(", ")}`,
  );
  process.exit(2);
}

if (process.env.PROFILE_CHILD) {
  const base = "http://localhost";
  const cookieFrom = name.endsWith("no sessions")
    ? `${name.slice(0, name.indexOf(":"))}: sealed-session`
    : name;
  const written = await fetchApps[cookieFrom]().fetch(new Request(`${base}/write`));
  const cookie = written.headers
    .getSetCookie()
    .map((line) => line.slice(0, line.indexOf(";")))
    .join("; ");
  const app = fetchApps[name]();
  const init = op === "read" ? { headers: { cookie } } : {};
  let count = 0;
  const end = performance.now() + Number(seconds) * 1000;
  while (performance.now() < end) {
    await (await app.fetch(new Request(`${base}/${op}`, init))).text();
    count++;
  }
  process.stdout.write(String(count));
} else {
  const dir = mkdtempSync(join(tmpdir(), "sealed-session-profile-"));
  try {
    const child = spawnSync(
      process.execPath,
      ["--cpu-prof", `--cpu-prof-dir=${dir}`, new URL(import.meta.url).pathname, name, op, seconds],
      {
        env: { ...process.env, PROFILE_CHILD: "1" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const requests = Number(child.stdout);
    const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), "utf8"));
    report(profile, requests);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(profile, requests) {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map();
  const byPackage = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    const where = frame.url
      .replace(/^file:\/\/.*node_modules\//, "")
      .replace(/^file:\/\/.*?\/(packages|bench)\//, "$1/");
    const key = `${frame.functionName || "(anonymous)"}  ${where.replace(/chunk-\w+/, "chunk")}${frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}` : ""}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    byPackage.set(
      packageOf(where, frame.functionName),
      (byPackage.get(packageOf(where, frame.functionName)) ?? 0) + micros,
    );
    total += micros;
  });
  const show = (map, top) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, micros]) => `${(micros / requests).toFixed(2).padStart(7)} µs  ${key}`)
      .join("\n");
  console.log(
    `${name} ${op}: ${requests} requests, ${(total / requests).toFixed(1)} µs each (self time, profiler on)\n`,
  );
  console.log(`${show(byPackage, 12)}\n\n${show(byFunction, 30)}`);
}

function packageOf(where, fn) {
  if (where.startsWith("packages/")) return "sealed-session";
  if (where.startsWith("node:")) return "node";
  if (where === "") return fn.startsWith("(") ? fn : "native";
  return where.startsWith("@") ? where.split("/").slice(0, 2).join("/") : where.split("/")[0];
}
