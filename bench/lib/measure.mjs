// Rounds of mitata measurements, interleaved across cases so that a noisy
// neighbour slows every case alike; each case reports the median of its
// per-round medians, with the min–max of those medians.
import { measure } from "mitata";

/**
 * A case may set `concurrency`: that many calls run at once per sample (mitata's
 * own option), and the figure is the time per call, so ops/s is throughput
 * with that many requests in flight.
 *
 * @param {{ name: string, fn: () => unknown, concurrency?: number }[]} cases
 * @param {{ rounds?: number, budgetMs?: number, onRound?: (round: number) => void }} options
 * @returns {Promise<Map<string, { median: number, min: number, max: number }>>} nanoseconds per op
 */
export async function measureRounds(cases, { rounds = 5, budgetMs = 250, onRound } = {}) {
  const perCase = new Map(cases.map((c) => [c.name, []]));
  for (const c of cases) await c.fn(); // warm-up: first-call costs (key derivation, JIT) stay out of the figures
  for (let round = 1; round <= rounds; round++) {
    onRound?.(round);
    for (const c of cases) {
      const concurrency = c.concurrency ?? 1;
      const stats = await measure(c.fn, {
        min_cpu_time: budgetMs * 1e6,
        max_samples: 1e6,
        min_samples: 4,
        concurrency,
        gc: false,
      });
      perCase.get(c.name).push(stats.p50 / concurrency);
    }
  }
  const result = new Map();
  for (const [name, medians] of perCase) {
    const sorted = [...medians].sort((a, b) => a - b);
    result.set(name, {
      median: sorted[Math.floor(sorted.length / 2)],
      min: sorted[0],
      max: sorted.at(-1),
    });
  }
  return result;
}

/**
 * Throughput with a fixed number of requests in flight, in process: `concurrency`
 * workers call `fn` back to back for `durationMs` (after a warm-up of a tenth of
 * that); the result is completed calls per second. A closed loop, like a load
 * generator's, with no batching heuristics between the calls.
 */
export async function throughput(fn, { concurrency, durationMs }) {
  const run = async (ms) => {
    let count = 0;
    const end = performance.now() + ms;
    const worker = async () => {
      while (performance.now() < end) {
        await fn();
        count++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return count / ((performance.now() - started) / 1000);
  };
  await run(durationMs / 10);
  return run(durationMs);
}

/** Rounds of `throughput` interleaved across cases (a case may set its own `concurrency`); the median of each case's rounds, with min–max (ops/s). */
export async function throughputRounds(cases, { rounds, durationMs, concurrency, onRound }) {
  const perCase = new Map(cases.map((c) => [c.name, []]));
  for (let round = 1; round <= rounds; round++) {
    onRound?.(round);
    for (const c of cases)
      perCase
        .get(c.name)
        .push(await throughput(c.fn, { concurrency: c.concurrency ?? concurrency, durationMs }));
  }
  const result = new Map();
  for (const [name, values] of perCase) {
    const sorted = [...values].sort((a, b) => a - b);
    result.set(name, {
      median: sorted[Math.floor(sorted.length / 2)],
      min: sorted[0],
      max: sorted.at(-1),
    });
  }
  return result;
}

/** Operations per second from nanoseconds per operation. */
export const opsPerSec = (ns) => 1e9 / ns;

export function formatOps(ns) {
  const ops = opsPerSec(ns);
  return ops >= 100 ? Math.round(ops).toLocaleString("en-US") : ops.toFixed(1);
}

export function formatRatio(x) {
  return x >= 100 ? `${Math.round(x)}×` : x >= 10 ? `${x.toFixed(1)}×` : `${x.toFixed(2)}×`;
}

/** A markdown table from a header row and body rows. */
export function table(header, rows) {
  const lines = [header, header.map(() => "---"), ...rows];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
