// The global setup of a compat/astro-<major> run (its cwd): copies the Astro
// adapter's test apps (packages/adapter-astro/test/app and app-bare) into its
// .apps/ and builds them there, where `astro` and `@astrojs/node` resolve to
// that folder's Astro. The adapter's own test files then serve these builds
// (SEALED_SESSION_ASTRO_BUILDS, set by astro-vitest.ts).
import { cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const source = fileURLToPath(new URL("../packages/adapter-astro/test/", import.meta.url));

export default async function setup(): Promise<void> {
  const builds = join(process.cwd(), ".apps/");
  // This folder's Astro, not one resolved from compat/.
  const { build } = (await import(
    pathToFileURL(createRequire(join(process.cwd(), "package.json")).resolve("astro")).href
  )) as typeof import("astro");
  for (const app of ["app", "app-bare"]) {
    rmSync(`${builds}${app}`, { recursive: true, force: true });
    cpSync(`${source}${app}`, `${builds}${app}`, {
      recursive: true,
      filter: (path) => !/[\\/](dist|node_modules|\.astro)$/.test(path),
    });
    await build({ root: `${builds}${app}`, logLevel: "warn" });
  }
}
