// Builds the Next.js app in test/app once, before any test file runs
// (`next build`: the App Router, the proxy and the Pages Router's API routes).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("./app/", import.meta.url));
  const next = fileURLToPath(new URL("../node_modules/.bin/next", import.meta.url));
  execFileSync(next, ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}
