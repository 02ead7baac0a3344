// Builds the SolidStart app once, before any test file runs: `vite build`
// (SolidStart's plugin and Nitro's, preset node-middleware).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const vite = fileURLToPath(new URL("../node_modules/.bin/vite", import.meta.url));
  execFileSync(vite, ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
}
