import { defineConfig } from "tsup";

const shared = { target: "es2022", platform: "neutral", sourcemap: false, clean: false } as const;

export default defineConfig([
  // ESM: dependencies stay imports.
  {
    ...shared,
    entry: { index: "src/index.ts", seal: "src/seal/index.ts", adapter: "src/adapter.ts" },
    format: ["esm"],
    dts: true,
  },
  // CommonJS: cookie-es 3 ships ESM only, so it is bundled here for `require()` on every Node version.
  {
    ...shared,
    entry: { index: "src/index.ts", seal: "src/seal/index.ts", adapter: "src/adapter.ts" },
    format: ["cjs"],
    // One copy of the engine and its per-request state across the entry points, as in ESM.
    splitting: true,
    dts: true,
    noExternal: ["cookie-es"],
  },
  // The CLI is the one part of core that may use Node's APIs.
  { entry: { cli: "src/cli/bin.ts" }, format: ["esm"], target: "node20", platform: "node", banner: { js: "#!/usr/bin/env node" } },
]);
