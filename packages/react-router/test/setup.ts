// Builds the React Router app in test/app once, before any test file runs:
// `react-router build` (Vite with React Router's plugin).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("./app/", import.meta.url));
  const cli = fileURLToPath(new URL("../node_modules/.bin/react-router", import.meta.url));
  execFileSync(cli, ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
}
