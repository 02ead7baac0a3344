import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("typed session data", () => {
  it("an app's AppSessionData augmentation reaches useAppSession through the published declarations", () => {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const project = fileURLToPath(new URL("./types/", import.meta.url));
    const run = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
