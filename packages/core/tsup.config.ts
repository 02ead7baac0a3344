import { resolve } from "node:path";
import { defineConfig, type Options } from "tsup";

const shared = { target: "es2022", platform: "neutral", sourcemap: false, clean: false } as const;
const entry = {
  index: "src/index.ts",
  seal: "src/seal/index.ts",
  adapter: "src/adapter.ts",
  otel: "src/otel.ts",
};

// The `node` build (Node, Bun, Deno) seals through node:crypto and reads NODE_ENV: the seal
// layer's `./provider` and `./environment` resolve to their `.node` modules.
const nodeProvider: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "node-provider",
  setup(build) {
    build.onResolve({ filter: /(^|\/)(provider|environment)$/ }, (args) => ({
      path: resolve(args.resolveDir, `${args.path}.node.ts`),
    }));
  },
};

const node: Options = {
  ...shared,
  entry,
  outDir: "dist/node",
  platform: "node",
  removeNodeProtocol: false,
  esbuildPlugins: [nodeProvider],
};

export default defineConfig([
  // ESM: dependencies stay imports.
  { ...shared, entry, format: ["esm"], dts: true },
  // CommonJS: cookie-es 3 ships ESM only, so it is bundled here for `require()` on every Node version.
  // One copy of the engine and its per-request state across the entry points, as in ESM.
  { ...shared, entry, format: ["cjs"], splitting: true, dts: true, noExternal: ["cookie-es"] },
  // The same entries for the `node` export condition (types are the builds' above);
  // `node:crypto` keeps its prefix, as Deno resolves no bare "crypto".
  { ...node, format: ["esm"] },
  { ...node, format: ["cjs"], splitting: true, noExternal: ["cookie-es"] },
  // The CLI is the one part of core that may use Node's APIs.
  {
    entry: { cli: "src/cli/bin.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
