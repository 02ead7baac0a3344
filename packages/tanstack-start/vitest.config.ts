import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    testTimeout: 20_000,
    // Builds the TanStack Start app once, before the files run.
    globalSetup: ["test/setup.ts"],
    hookTimeout: 60_000,
  },
});
