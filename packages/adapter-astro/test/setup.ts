// Builds the Astro app in test/app once, before any test file runs:
// `astro build` (server output, @astrojs/node in middleware mode).
import { fileURLToPath } from "node:url";
import { build } from "astro";

export default async function setup(): Promise<void> {
  await build({ root: fileURLToPath(new URL("./app/", import.meta.url)), logLevel: "warn" });
}
