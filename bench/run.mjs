// `pnpm bench`: every benchmark part in one process, printed and written to RESULTS.md.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { sealBench } from "./seal.mjs";

const quick = process.argv.includes("--quick");
const options = { rounds: quick ? 2 : 7, budgetMs: quick ? 80 : 300, log: (line) => process.stderr.write(`${line}\n`) };

const require = createRequire(import.meta.url);
function version(name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
  } catch {
    // Packages whose exports hide package.json: find it beside the entry point.
    const entry = require.resolve(name);
    const dir = entry.slice(0, entry.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}/`.length);
    return JSON.parse(readFileSync(`${dir}package.json`, "utf8")).version;
  }
}

const started = new Date();
const seal = await sealBench(options);
const versions = ["@sealed-session/core", "iron-webcrypto", "@hapi/iron", "mitata"].map((n) => `${n} ${version(n)}`).join(", ");
const report = `# Benchmark results

Written by \`pnpm bench\` (\`bench/run.mjs\`) on ${started.toISOString()}${quick ? " (--quick run)" : ""}.

- Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}
- Runtime: Node ${process.version}
- Packages: ${versions}
- Record: a ~1 KB session \`{ id, createdAt, data: { user: {…}, str: <900 printable chars> } }\`
- The machine is shared and noisy: read medians and ratios, not single figures.

## 1. seal / unseal

${seal.markdown}
`;
process.stdout.write(`\n${report}`);
if (!quick) writeFileSync(new URL("RESULTS.md", import.meta.url), report);
