// `pnpm demo` until the demo app exists: a round trip through the
// sealed-session CLI, as a user would run it.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../packages/core/dist/cli.js", import.meta.url));
const run = (args, options = {}) =>
  execFileSync(process.execPath, [bin, ...args], { encoding: "utf8", ...options }).trim();

let password = process.env.SESSION_PASSWORD;
if (!password) {
  password = run(["gen-password"]);
  console.log(
    "No SESSION_PASSWORD set: generated one for this run with `sealed-session gen-password`.",
  );
}
const env = { ...process.env, SESSION_PASSWORD: password };
const session = {
  id: crypto.randomUUID(),
  createdAt: Date.now(),
  data: { user: "ada", visits: 1 },
};

console.log("\n$ echo '<session JSON>' | sealed-session seal --ttl 3600");
const token = run(["seal", "--ttl", "3600"], { env, input: JSON.stringify(session) });
console.log(token);
console.log("\n$ sealed-session inspect <token>");
console.log(run(["inspect", token], { env }));
console.log("\n$ sealed-session unseal <token>");
const unsealed = run(["unseal", token], { env });
console.log(unsealed);
const same = JSON.stringify(JSON.parse(unsealed)) === JSON.stringify(session);
console.log(
  same ? "\nRound trip OK: the unsealed session equals the sealed one." : "\nRound trip FAILED",
);
process.exitCode = same ? 0 : 1;
