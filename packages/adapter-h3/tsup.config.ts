import { adapterConfig } from "../../tsup.adapter";

// The Nitro module runs at build time in Node; its two runtime files are
// added to the Nitro app's bundle by path (dist/nitro-plugin.js, dist/nitro-middleware.js).
export default adapterConfig("neutral", {
  index: "src/index.ts",
  nitro: "src/nitro/module.ts",
  "nitro-plugin": "src/nitro/plugin.ts",
  "nitro-middleware": "src/nitro/middleware.ts",
});
