// Runs a command on a newer Node line than the one running the test line:
//   node scripts/with-node.mjs <major> <command> [args…]
// The packages whose framework needs Node >= 22 (Nuxt 4.6, Astro 7, TanStack
// Start, SolidStart 2) test with it, e.g. `node ../../scripts/with-node.mjs 26 vitest run`.
// The command resolves through the package's node_modules/.bin, as in an npm script.
import { spawnSync } from "node:child_process";
import { envWith, nodeOf } from "./node-binary.mjs";

const [major, command, ...args] = process.argv.slice(2);
if (!/^\d+$/.test(major ?? "") || !command) {
  console.error("usage: node scripts/with-node.mjs <major> <command> [args…]");
  process.exit(2);
}
const node = nodeOf(Number(major));
const { status, signal, error } = spawnSync(command, args, {
  stdio: "inherit",
  env: envWith(node),
});
if (error)
  console.error(
    `with-node: cannot run ${command}: ${error.message} (run it through an npm script, which puts node_modules/.bin on PATH)`,
  );
if (signal) process.kill(process.pid, signal);
process.exit(status ?? 1);
