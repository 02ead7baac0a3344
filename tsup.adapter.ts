import { defineConfig } from "tsup";

/**
 * The build every adapter shares: one entry, ESM + CJS + declarations.
 * `platform` is "node" only for an adapter that imports Node's types at run
 * time (Express); the others stay neutral for edge runtimes.
 */
export function adapterConfig(platform: "neutral" | "node" = "neutral") {
  return defineConfig({
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    target: "es2022",
    platform,
  });
}
