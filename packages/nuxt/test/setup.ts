// Builds the Nuxt app in test/app once, before any test file runs: `nuxt build`
// with the node-listener preset (its `listener` is served by the tests).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("./app/", import.meta.url));
  const nuxt = fileURLToPath(new URL("../node_modules/.bin/nuxt", import.meta.url));
  execFileSync(nuxt, ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NUXT_TELEMETRY_DISABLED: "1" },
  });
}
