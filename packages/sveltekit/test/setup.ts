// Builds the SvelteKit app in test/app once, before any test file runs:
// `vite build` with Kit's plugin and adapter-node.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("./app/", import.meta.url));
  const vite = fileURLToPath(new URL("../node_modules/.bin/vite", import.meta.url));
  execFileSync(vite, ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
}
