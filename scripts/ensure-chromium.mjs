// The browser tests drive a real Chromium. Debian's package is the one that
// works here (browser downloads by test tools do not): install it when it is
// missing and we may, or say exactly what to do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(path)) {
  console.log(`Chromium: ${path}`);
} else if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
  console.log("Chromium is missing: installing Debian's chromium package with apt-get…");
  const run = (args) =>
    spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (run(["update"]).status !== 0 || run(["install", "-y", "--no-install-recommends", "chromium"]).status !== 0 || !existsSync(path)) {
    console.error("apt-get could not install chromium.");
    process.exit(1);
  }
  console.log(`Chromium: ${path}`);
} else {
  console.error(
    `No Chromium at ${path}. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.`,
  );
  process.exit(1);
}
