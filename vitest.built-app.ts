import { defineConfig } from "vitest/config";

/**
 * The vitest config of a package whose tests run a framework's production
 * build (Astro, Nuxt, TanStack Start): `test/setup.ts` builds the app once,
 * before the files run; each file serves it in process on 127.0.0.1.
 */
export function builtAppConfig() {
  return defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      reporters: ["default", ["json", { outputFile: "test-results.json" }]],
      testTimeout: 20_000,
      globalSetup: ["test/setup.ts"],
      hookTimeout: 60_000,
    },
  });
}
