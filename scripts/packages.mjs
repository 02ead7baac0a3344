// The packages this repository publishes: every folder of packages/ whose
// package.json is not private. Scripts and tests read this list, so a new
// package is checked and installed without editing any of them.
import { existsSync, readdirSync, readFileSync } from "node:fs";

const root = new URL("../packages/", import.meta.url);

/** Folder names under packages/ of the published packages, sorted. */
export function publishedPackages() {
  return readdirSync(root)
    .filter((dir) => existsSync(new URL(`${dir}/package.json`, root)))
    .filter(
      (dir) =>
        JSON.parse(readFileSync(new URL(`${dir}/package.json`, root), "utf8")).private !== true,
    )
    .sort();
}
