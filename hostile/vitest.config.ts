import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    // One file at a time: the flood families measure the heap and count derivations process-wide.
    fileParallelism: false,
    execArgv: ["--expose-gc"],
    globalSetup: ["test/setup.ts"],
  },
});
