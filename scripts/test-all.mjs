// The README's test line ends here: lint, typecheck, build and every
// package's tests, then one closing line that counts them all.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
// Every workspace folder with a vitest config reports into its test-results.json.
const suites = [
  "packages",
  "examples",
  "compat",
  "bench",
  "runtimes",
  "fleet",
  "hostile",
  "consumer",
]
  .filter((dir) => existsSync(join(root, dir)))
  .flatMap((dir) =>
    existsSync(join(root, dir, "package.json"))
      ? [join(root, dir)]
      : readdirSync(join(root, dir)).map((name) => join(root, dir, name)),
  )
  .filter((dir) => existsSync(join(dir, "vitest.config.ts")));
// A suite's own run writes test-results.json; the Node matrix writes test-results.node<major>[-deprecation].json.
const reportsOf = (dir) =>
  readdirSync(dir).filter((file) => /^test-results(\.node\d+(-deprecation)?)?\.json$/.test(file));
for (const dir of suites)
  for (const file of reportsOf(dir)) rmSync(join(dir, file), { force: true });
rmSync(join(root, "hostile", "counts.json"), { force: true });

const steps = [
  ["system (Chromium, Redis)", "node scripts/ensure-system.mjs"],
  ["lint", "biome check ."],
  [
    "typecheck, build and test",
    "turbo run typecheck build test --concurrency=2 --output-logs=new-only",
  ],
  ["packages (publint, attw)", "node scripts/check-packages.mjs"],
  ["Node matrix (22, 24, 26 from the npm registry)", "node scripts/node-matrix.mjs"],
];

const failed = [];
for (const [name, command] of steps) {
  console.log(`\n▶ ${name}: ${command}`);
  const { status } = spawnSync(command, { cwd: root, stdio: "inherit", shell: true });
  if (status !== 0) failed.push(name);
}

let passed = 0;
let failures = 0;
let skipped = 0;
for (const dir of suites) {
  for (const name of reportsOf(dir).sort()) {
    const report = JSON.parse(readFileSync(join(dir, name), "utf8"));
    const on =
      name === "test-results.json"
        ? ""
        : ` (Node ${name.slice("test-results.node".length, -".json".length)})`;
    passed += report.numPassedTests;
    failures += report.numFailedTests;
    // Rows the matrix filtered out by name (the runtimes' Bun, Deno and workerd) are not skips.
    if (!on) skipped += report.numPendingTests + report.numTodoTests;
    console.log(
      `  ${dir.slice(root.length)}${on}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
    );
  }
}
// The hostile-input suite's counts per family (every count but cases and requests must be 0).
const counts = join(root, "hostile", "counts.json");
if (existsSync(counts)) {
  console.log("\nHostile input (hostile/):");
  for (const [family, c] of Object.entries(JSON.parse(readFileSync(counts, "utf8")))) {
    console.log(
      `  ${family}: ${c.cases} cases, ${c.requests} requests — ${c.accepted} accepted, ${c.serverErrors} 5xx, ${c.wrong} other wrong`,
    );
  }
}
if (failed.length > 0) console.log(`\nFailed steps: ${failed.join(", ")}`);
console.log(`\n${passed} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed.length > 0 || failures > 0 || passed === 0 ? 1 : 0;
