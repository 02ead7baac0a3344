import { defineConfig } from "tsup";

// The module (build time, ESM only, as Nuxt loads modules), and the runtime
// files Nitro bundles into the app: kept as separate files, their imports
// left for Nitro to resolve (`#imports` is its virtual module).
export default defineConfig([
  {
    entry: { module: "src/module.ts" },
    format: ["esm"],
    dts: true,
    clean: true,
    target: "node20",
    platform: "node",
  },
  {
    entry: { "runtime/session": "src/runtime/session.ts", "runtime/check": "src/runtime/check.ts" },
    format: ["esm"],
    // Typed, so Nuxt's generated auto-import types carry AppSessionData.
    dts: true,
    target: "es2022",
    platform: "neutral",
    external: ["#imports", "@sealed-session/nuxt"],
  },
]);
