// Checks what would be published: publint and @arethetypeswrong/cli on every
// package's packed tarball (the node16 profile: engines are Node >= 20).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { publishedPackages } from "./packages.mjs";

const packages = publishedPackages();
const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
let failed = 0;
for (const name of packages) {
  const cwd = new URL(`../packages/${name}/`, import.meta.url);
  // A package without a `require` condition is ESM only (as @sealed-session/testing, like vitest).
  const esmOnly = !readFileSync(new URL("package.json", cwd), "utf8").includes('"require"');
  for (const [tool, args] of [
    ["publint", ["publint", "--strict"]],
    [
      "attw",
      [
        "attw",
        "--pack",
        ".",
        "--profile",
        esmOnly ? "esm-only" : "node16",
        "--format",
        "table-flipped",
      ],
    ],
  ]) {
    const result = spawnSync(bin(args[0]), args.slice(1), { cwd, encoding: "utf8" });
    const ok = result.status === 0;
    if (!ok) failed++;
    console.log(`${ok ? "ok  " : "FAIL"} ${tool} packages/${name}`);
    if (!ok) console.log(result.stdout, result.stderr);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
