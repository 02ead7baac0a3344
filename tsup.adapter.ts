import { defineConfig } from "tsup";

/**
 * The build every adapter shares: one entry, ESM + CJS + declarations.
 * `platform` is "node" only for an adapter that imports Node's types at run
 * time (Express); the others stay neutral for edge runtimes.
 */
export function adapterConfig(
  platform: "neutral" | "node" = "neutral",
  entry: Record<string, string> = { index: "src/index.ts" },
) {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    target: "es2022",
    platform,
    // import.meta.url in the CommonJS build (the Nitro module finds its runtime files by it).
    shims: true,
  });
}
