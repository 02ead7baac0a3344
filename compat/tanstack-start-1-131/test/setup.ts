// Builds the TanStack Start app in test/app once, before any test file runs:
// `vite build` with Start's plugin (Nitro's node-listener preset).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("./app/", import.meta.url));
  const vite = fileURLToPath(new URL("../node_modules/.bin/vite", import.meta.url));
  // NODE_ENV=production: Start compiles JSX for production only when NODE_ENV says so.
  execFileSync(vite, ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
}
