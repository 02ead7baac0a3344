import { defineConfig } from "vitest/config";

// Every test runs on the Web Crypto provider; the sealing tests run again on
// the node:crypto provider, the one the package's `node` build uses.
const sealing = [
  "test/crypto-provider.test.ts",
  "test/fe26-3.test.ts",
  "test/prefix.test.ts",
  "test/seal.test.ts",
  "test/interop.test.ts",
  "test/iron-differential.test.ts",
  "test/property.test.ts",
  "test/session.test.ts",
];

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: "web crypto", include: ["test/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "node crypto", include: sealing },
        resolve: {
          alias: [
            {
              find: /^((?:\.\.?\/)(?:[\w-]+\/)*)(provider|environment)$/,
              replacement: "$1$2.node",
            },
          ],
        },
      },
    ],
  },
});
