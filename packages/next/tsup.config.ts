import { adapterConfig } from "../../tsup.adapter";

export default adapterConfig("neutral", {
  index: "src/index.ts",
  proxy: "src/proxy.ts",
  pages: "src/pages.ts",
});
