// Rounds of mitata measurements, interleaved across cases so that a noisy
// neighbour slows every case alike; each case reports the median of its
// per-round medians, with the min–max of those medians.
import { measure } from "mitata";

/**
 * @param {{ name: string, fn: () => unknown }[]} cases
 * @param {{ rounds?: number, budgetMs?: number, onRound?: (round: number) => void }} options
 * @returns {Promise<Map<string, { median: number, min: number, max: number }>>} nanoseconds per op
 */
export async function measureRounds(cases, { rounds = 5, budgetMs = 250, onRound } = {}) {
  const perCase = new Map(cases.map((c) => [c.name, []]));
  for (const c of cases) await c.fn(); // warm-up: first-call costs (key derivation, JIT) stay out of the figures
  for (let round = 1; round <= rounds; round++) {
    onRound?.(round);
    for (const c of cases) {
      const stats = await measure(c.fn, { min_cpu_time: budgetMs * 1e6, max_samples: 1e6, min_samples: 4 });
      perCase.get(c.name).push(stats.p50);
    }
  }
  const result = new Map();
  for (const [name, medians] of perCase) {
    const sorted = [...medians].sort((a, b) => a - b);
    result.set(name, { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) });
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
