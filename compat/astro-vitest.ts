import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The vitest config of a compat/astro-<major> folder: the Astro adapter's own
 * test files, run against its test apps copied into that folder's .apps/ and
 * built there with that folder's Astro (astro-setup.ts).
 */
export function astroCompatConfig(folder: string) {
  return defineConfig({
    test: {
      dir: fileURLToPath(new URL("../packages/adapter-astro/test/", import.meta.url)),
      include: ["*.test.ts"],
      env: { SEALED_SESSION_ASTRO_BUILDS: join(folder, ".apps") },
      reporters: ["default", ["json", { outputFile: "test-results.json" }]],
      testTimeout: 20_000,
      globalSetup: [fileURLToPath(new URL("./astro-setup.ts", import.meta.url))],
      hookTimeout: 60_000,
    },
  });
}
