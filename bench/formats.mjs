// Part 8: Fe26.3 (the AEAD draft: HKDF-SHA256 + AES-256-GCM) against Fe26.2
// (iron: PBKDF2 at 8192 iterations, AES-256-CBC + HMAC-SHA256), the same ~1 KB
// record through the same sealer, on Node and on Bun. Alone:
// `node formats.mjs [--quick]` runs both runtimes and, without --quick,
// replaces part 8 of RESULTS.md; `--json` measures this runtime only.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createSealer, KeyCache } from "@sealed-session/core";
import { formatOps, formatRatio, measureRounds, table } from "./lib/measure.mjs";
import { PASSWORD, record } from "./lib/record.mjs";

const FORMATS = ["Fe26.2", "Fe26.3"];
const OPS = [
  // A token never seen, no key cached: what a fleet's other servers, a cold
  // start or a forged-cookie flood pay per token.
  ["first-seen unseal", { cache: false }, "unseal"],
  // Keys cached, token memory off: the crypto of every call.
  ["seal + unseal, keys cached", { cache: new KeyCache({ maxTokens: 0 }) }, "both"],
  // Everything cached: the cookie a browser sends again is a lookup.
  ["seal + unseal, warm caches", {}, "both"],
];

/** This runtime's figures: ns per operation for each format and case. */
export async function formatsBench({ rounds, budgetMs, log }) {
  const cases = [];
  for (const format of FORMATS) {
    for (const [op, options, kind] of OPS) {
      // One sealer per case, made once, as a session config makes it.
      const sealer = createSealer(PASSWORD, { ...options, format });
      const token = await sealer.seal(record);
      if (!token.startsWith(`${format}*`)) throw new Error(`${format} sealed ${token.slice(0, 7)}`);
      if (JSON.stringify(await sealer.unseal(token)) !== JSON.stringify(record))
        throw new Error(`${format} does not round-trip`);
      cases.push({
        name: `${format}|${op}`,
        fn:
          kind === "unseal"
            ? () => sealer.unseal(token)
            : async () => sealer.unseal(await sealer.seal(record)),
      });
    }
  }
  const results = await measureRounds(cases, {
    rounds,
    budgetMs,
    onRound: (r) => log(`  formats: round ${r}/${rounds}`),
  });
  return Object.fromEntries(results);
}

/** A runtime's table and its two targets, from `formatsBench`'s figures. */
export function formatsTable(runtime, figures) {
  const get = (format, op) => figures[`${format}|${op}`];
  const rows = OPS.map(([op]) => {
    const [old, gcm] = FORMATS.map((f) => get(f, op));
    const cell = (r) => `${formatOps(r.median)} (${formatOps(r.max)}–${formatOps(r.min)})`;
    return [op, cell(old), cell(gcm), formatRatio(old.median / gcm.median)];
  });
  const firstSeen = get("Fe26.2", OPS[0][0]).median / get("Fe26.3", OPS[0][0]).median;
  const cached = get("Fe26.2", OPS[1][0]).median / get("Fe26.3", OPS[1][0]).median;
  const met = (ok) => (ok ? "met" : "NOT met");
  return {
    markdown: [
      `**${runtime}**`,
      "",
      table(["operation", "Fe26.2 ops/s", "Fe26.3 ops/s", "Fe26.3 × Fe26.2"], rows),
      "",
      `- first-seen token: Fe26.3 **${formatRatio(firstSeen)}** cheaper than Fe26.2 at 8192 iterations (goal ≥ 50×: ${met(firstSeen >= 50)})`,
      `- cached seal + unseal: Fe26.3 at **${formatRatio(cached)}** Fe26.2's rate (goal: no slower, ≥ 1×: ${met(cached >= 1)})`,
    ].join("\n"),
    summary: { firstSeen, cached },
  };
}

const INTRO =
  "Ops/s: median of round medians (slowest–fastest round), one operation at a time, the same ~1 KB record through the same sealer. " +
  "Fe26.2 at the defaults (8192 PBKDF2 iterations, AES-256-CBC + HMAC-SHA256); Fe26.3 = HKDF-SHA256 + AES-256-GCM with a fresh salt per token. " +
  '"first-seen unseal" unseals with the key cache off (`cache: false`), so every call pays what a token never seen costs; ' +
  '"keys cached" keeps derived keys but no token memory; "warm caches" is the default.';

/** RESULTS.md's part 8, as the full run writes it. */
export const formatsSection = (markdown, note = "") =>
  `## 8. Fe26.3 and Fe26.2\n\n${note}${INTRO}\n\n${markdown}\n`;

/** Part 8 on this Node and on Bun: its markdown, and both runtimes' two ratios. */
export async function formatsPart({ quick, log }) {
  const options = { rounds: quick ? 2 : 5, budgetMs: quick ? 80 : 300, log };
  const node = formatsTable(`Node ${process.version}`, await formatsBench(options));
  log("  formats: the same on Bun");
  const bun = bunTable(quick);
  return {
    markdown: `${node.markdown}\n\n${bun.markdown}`,
    summary: { node: node.summary, bun: bun.summary },
  };
}

const here = fileURLToPath(import.meta.url);
if (process.argv[1] === here) {
  const quick = process.argv.includes("--quick");
  const log = (line) => process.stderr.write(`${line}\n`);
  if (process.argv.includes("--json")) {
    const options = { rounds: quick ? 2 : 5, budgetMs: quick ? 80 : 300, log };
    process.stdout.write(JSON.stringify(await formatsBench(options)));
  } else {
    const { markdown } = await formatsPart({ quick, log });
    process.stdout.write(`${markdown}\n`);
    if (!quick) {
      const file = new URL("RESULTS.md", import.meta.url);
      const old = readFileSync(file, "utf8");
      const at = old.indexOf("## 8. Fe26.3");
      const note = `Run on its own (\`node bench/formats.mjs\`) on ${new Date().toISOString()} (the other parts keep their run).\n\n`;
      const section = formatsSection(markdown, note);
      writeFileSync(file, at < 0 ? `${old.trimEnd()}\n\n${section}` : old.slice(0, at) + section);
    }
  }
}

// The same measurement in a Bun child process (Bun's PBKDF2 is far slower:
// oven-sh/bun #11703), with Bun from the elysia package's devDependencies.
function bunTable(quick) {
  const bun = fileURLToPath(new URL("../packages/elysia/node_modules/.bin/bun", import.meta.url));
  if (!existsSync(bun)) throw new Error(`No Bun at ${bun}: run pnpm install first.`);
  const args = [here, "--json", ...(quick ? ["--quick"] : [])];
  const run = spawnSync(bun, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (run.status !== 0) throw new Error(`Bun exited with ${run.status}`);
  const version = spawnSync(bun, ["--version"], { encoding: "utf8" }).stdout.trim();
  return formatsTable(`Bun ${version}`, JSON.parse(run.stdout));
}
