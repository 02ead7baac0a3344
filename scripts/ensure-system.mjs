// What the tests need from the system, beside Node: a real Chromium for the
// browser tests and a real Redis for the fleet tests. Debian's packages are
// the ones that work here (browser downloads by test tools do not): install
// what is missing when we may, in one apt-get run, or say exactly what to do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const needs = [
  {
    what: "Chromium",
    path: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    apt: "chromium",
    env: "CHROMIUM_PATH",
  },
  {
    what: "Redis",
    path: process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server",
    apt: "redis-server",
    env: "REDIS_SERVER_PATH",
  },
];

const missing = needs.filter((need) => !existsSync(need.path));
if (missing.length > 0 && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
  console.log(
    `${missing.map((need) => need.what).join(" and ")} missing: installing ${missing.map((need) => need.apt).join(", ")} with apt-get…`,
  );
  const run = (args) =>
    spawnSync("apt-get", args, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  if (
    run(["update"]).status !== 0 ||
    run(["install", "-y", "--no-install-recommends", ...missing.map((need) => need.apt)]).status !==
      0
  ) {
    console.error("apt-get could not install them.");
  }
}
let ok = true;
for (const need of needs) {
  if (existsSync(need.path)) {
    console.log(`${need.what}: ${need.path}`);
  } else {
    ok = false;
    console.error(
      `No ${need.what} at ${need.path}. Install it (Debian/Ubuntu: sudo apt-get install ${need.apt}) or set ${need.env}.`,
    );
  }
}
process.exit(ok ? 0 : 1);
