// The Node matrix of the test line: each supported LTS line, fetched from the
// npm registry as the official platform package (node-<platform>-<arch>@<major>)
// and cached in a folder this script owns, runs the core's suite, the h3,
// Hono, Express, Fastify and Elysia adapters' suites (their conformance runs included), the
// runtime matrix's Node rows and the Nitro documentation's built apps. Node
// 26, the active LTS, runs the core's suite again with --throw-deprecation:
// it deprecates CryptoKey arguments to node:crypto (DEP0203/0204), and no
// crypto path may lean on them. Each run's
// report ends up in test-results.node<major>[-deprecation].json beside the
// suite's own, and scripts/test-all.mjs counts them.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { envWith, nodeOf } from "./node-binary.mjs";
import { publishedPackages } from "./packages.mjs";

const MAJORS = [22, 24, 26];
const root = new URL("..", import.meta.url).pathname;
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");

// The suites each Node runs: [folder, extra vitest arguments].
const suites = [
  ["packages/core", []],
  ["packages/adapter-h3", []],
  ["packages/adapter-hono", []],
  ["packages/adapter-express", []],
  ["packages/adapter-fastify", []],
  ["packages/elysia", ["--exclude", "test/bun.test.ts"]],
  ["runtimes", ["--testNamePattern", "runtime: node"]],
  // The Nitro documentation's apps (built once by the line), served by each Node.
  ["examples/nitro", []],
  ["examples/nitro-v3", []],
];

let failed = 0;
const ranOn = [];
for (const major of MAJORS) {
  const node = nodeOf(major);
  const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  ranOn.push(version);
  const runs = suites.map(([dir, args]) => [dir, args, []]);
  if (major === 26) runs.push(["packages/core", [], ["--throw-deprecation"]]);
  for (const [dir, args, nodeOptions] of runs) {
    const label = `${dir} on Node ${version}${nodeOptions.length ? ` ${nodeOptions.join(" ")}` : ""}`;
    const report = `test-results.node${major}${nodeOptions.length ? "-deprecation" : ""}.json`;
    console.log(`\n▶ ${label}`);
    // Each suite's config writes its JSON report to test-results.json (a CLI outputFile does not override
    // it): the line's own report is set aside while the matrix writes there, then the two are put back apart.
    const cwd = join(root, dir);
    const own = join(cwd, "test-results.json");
    const kept = join(cwd, "test-results.line.json.tmp");
    if (existsSync(own)) renameSync(own, kept);
    const { status } = spawnSync(node, [vitest, "run", ...args], {
      cwd,
      stdio: "inherit",
      // Workers are forks of this Node: NODE_OPTIONS reaches them, and PATH puts this Node first for any `node` they start.
      env: envWith(node, { ...process.env, NODE_OPTIONS: nodeOptions.join(" ") }),
    });
    if (existsSync(own)) renameSync(own, join(cwd, report));
    if (existsSync(kept)) renameSync(kept, own);
    if (status !== 0) {
      failed++;
      console.log(`✗ ${label} failed`);
    }
  }
}
// Every published package's `engines.node` (">=X.Y") must admit each Node this line ran — its own and the
// matrix's — and its floor must be on a line the test line runs (not a promise nobody tests).
const tested = [process.version, ...ranOn];
const parse = (version) => version.replace(/^v/, "").split(".").map(Number);
const atLeast = (version, floor) => {
  const [a, b] = [parse(version), parse(floor)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};
for (const name of publishedPackages()) {
  const range =
    JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8")).engines?.node ??
    "";
  const floor = /^>=(\d+\.\d+(?:\.\d+)?)$/.exec(range)?.[1];
  const admitted = floor !== undefined && tested.every((version) => atLeast(version, floor));
  const floorTested =
    floor !== undefined && tested.some((version) => parse(version)[0] === parse(floor)[0]);
  const ok = admitted && floorTested;
  if (!ok) failed++;
  console.log(
    `${ok ? "ok  " : "FAIL"} engines.node of packages/${name} is "${range}"; this line ran ${tested.join(", ")}`,
  );
}
process.exitCode = failed > 0 ? 1 : 0;
