import { defineConfig } from "tsup";

// ESM only, like vitest, its peer.
export default defineConfig({
  entry: { index: "src/index.ts", context: "src/context.ts" },
  format: ["esm"],
  dts: true,
  clean: true,
  target: "es2022",
  platform: "node",
  external: ["vitest"],
});
