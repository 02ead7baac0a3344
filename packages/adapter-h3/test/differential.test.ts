// Differential tests: every scenario runs through h3's built-in session
// functions and through this adapter, and what a client and the app observe
// must be equal — except the differences listed in ./differential/differences.ts.
import { describe, expect, it } from "vitest";
import { DIFFERENCES, expectedOurs } from "./differential/differences";
import { run } from "./differential/run";
import { scenarios } from "./differential/scenarios";

describe.each(["v2", "v1"] as const)("h3 %s: built-in vs @sealed-session/h3", (major) => {
  it.each(
    scenarios
      .filter((s) => (s.majors ?? ["v2", "v1"]).includes(major))
      .map((s) => [s.name, s] as const),
  )("%s", async (_, scenario) => {
    const h3 = await run(scenario, major, "h3");
    const ours = await run(scenario, major, "ours");
    if (process.env.DIFF_DUMP)
      console.log(JSON.stringify({ scenario: scenario.name, major, h3, ours }, null, 1));
    const expected = expectedOurs(
      h3,
      major,
      scenario.config,
      scenario.patches ?? [],
      (actual, declared) => expect(actual).toEqual(declared),
    );
    expect(ours).toEqual(expected);
  });
});

describe("the README's list of differences", () => {
  it("names every difference the suite declares, and the suite uses each", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const used = new Set(scenarios.flatMap((s) => (s.patches ?? []).map((p) => p.id)));
    for (const [id, title] of Object.entries(DIFFERENCES)) {
      expect(readme).toContain(`**${title}**`);
      // The v1 defaults and clear() apply to every h3 v1 observation.
      if (id !== "v1-defaults" && id !== "v1-clear") expect(used).toContain(id);
    }
  });
});
