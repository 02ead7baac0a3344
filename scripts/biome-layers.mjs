// Core's layer rules, written once: biome.json's per-folder import
// restrictions are generated from LAYERS here, not copied by hand.
//   node scripts/biome-layers.mjs          rewrites biome.json's layer overrides
//   node scripts/biome-layers.mjs --check  exits 1 when biome.json differs from them
// (packages/core's package test runs the check.)
import { readFileSync, writeFileSync } from "node:fs";

/** Core's layers, bottom first: a folder may import only from the layers before it. */
export const LAYERS = ["errors", "seal", "cookie", "store", "session", "bindings"];
// Above every layer: imported by none of them.
const ON_TOP = ["cli", "testing"];
const CORE = "packages/core/src";
const ORDER = LAYERS.join(" < ");
const CRYPTO = {
  group: ["uncrypto"],
  message: "Only seal/crypto.ts, the crypto port, calls crypto: use `crypto` from seal/crypto.",
};

const restrict = (patterns) => ({
  linter: { rules: { style: { noRestrictedImports: { level: "error", options: { patterns } } } } },
});

// What `layer` may not import: every layer above it, what sits on top, and the package's entry.
function above(layer) {
  const names = [...LAYERS.slice(LAYERS.indexOf(layer) + 1), ...ON_TOP];
  const group = [
    ...names.flatMap((name) => [`../${name}`, `../${name}/**`]),
    "../index",
    "../../index",
  ];
  return {
    group,
    message: `Core's layers import downwards only (${ORDER}): ${layer}/ may not import this.`,
  };
}

/** The overrides the layers make, in biome.json's order. */
export function layerOverrides() {
  const overrides = [
    {
      includes: [`${CORE}/errors/**`],
      ...restrict([
        {
          group: ["../**"],
          message: "errors/ is core's bottom layer: it imports nothing of core outside it.",
        },
      ]),
    },
  ];
  for (const layer of LAYERS.slice(1)) {
    overrides.push({ includes: [`${CORE}/${layer}/**`], ...restrict([above(layer), CRYPTO]) });
    // The crypto port is the one file that may import the crypto library.
    if (layer === "seal")
      overrides.push({ includes: [`${CORE}/seal/crypto.ts`], ...restrict([above(layer)]) });
  }
  return overrides;
}

const isLayerOverride = (override) =>
  override.includes.some((path) => LAYERS.some((layer) => path.startsWith(`${CORE}/${layer}`)));

const file = new URL("../biome.json", import.meta.url);
const config = JSON.parse(readFileSync(file, "utf8"));
const others = config.overrides.filter((override) => !isLayerOverride(override));
const wanted = [others[0], ...layerOverrides(), ...others.slice(1)];
if (process.argv.includes("--check")) {
  const same = JSON.stringify(config.overrides) === JSON.stringify(wanted);
  if (!same)
    console.error(
      "biome.json's layer rules differ from scripts/biome-layers.mjs: run `node scripts/biome-layers.mjs`.",
    );
  process.exitCode = same ? 0 : 1;
} else if (import.meta.url === `file://${process.argv[1]}`) {
  config.overrides = wanted;
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}
