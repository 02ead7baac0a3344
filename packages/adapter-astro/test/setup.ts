// Builds the Astro apps once, before any test file runs: `astro build`
// (server output, @astrojs/node in middleware mode). test/app has a 500
// page; test/app-bare has none.
import { fileURLToPath } from "node:url";
import { build } from "astro";

export default async function setup(): Promise<void> {
  for (const app of ["./app/", "./app-bare/"])
    await build({ root: fileURLToPath(new URL(app, import.meta.url)), logLevel: "warn" });
}
