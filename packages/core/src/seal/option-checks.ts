/**
 * @module The checks of each seal option: known names only, key options within
 * their algorithm's bounds, salt reuse, lifetimes and offsets — each mistake an
 * `OptionsInvalidError` that says how to fix it.
 */
import { OptionsInvalidError } from "../errors";
import { ALGORITHMS } from "./algorithms";
import { isProduction } from "./environment";
import type { KeyOptions, SaltReuseOptions } from "./key-options";

export const OPTION_KEYS = new Set<string>([
  "format",
  "ttl",
  "timestampSkewSec",
  "localtimeOffsetMsec",
  "encryption",
  "integrity",
  "passwordId",
  "saltReuse",
  "cache",
  "legacyFallback",
  "onlyOwnSalts",
  "encode",
  "decode",
  "weakSecrets",
]);
export const KEY_OPTION_KEYS = new Set<string>([
  "algorithm",
  "iterations",
  "saltBits",
  "minPasswordlength",
]);

// `weakSecrets`: "refuse" in production by default, "warn" elsewhere.
export function weakSecretsOption(value: unknown): "refuse" | "warn" {
  if (value === undefined) return isProduction() ? "refuse" : "warn";
  if (value === "refuse" || value === "warn") return value;
  throw new OptionsInvalidError(`weakSecrets is "refuse" or "warn", not ${JSON.stringify(value)}.`);
}

// An option this library does not know is a mistake to report, never to ignore.
export function refuseUnknown(what: string, options: object, known: ReadonlySet<string>): void {
  if (options === null || typeof options !== "object")
    throw new OptionsInvalidError(`${what} must be an object.`);
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      throw new OptionsInvalidError(`Unknown ${what} "${key}"; known: ${[...known].join(", ")}.`);
  }
}

export function codec<F>(name: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== "function")
    throw new OptionsInvalidError(`${name} must be a function, not ${typeof value}.`);
  return value;
}

export function keyOptions<A extends string>(
  which: string,
  value: KeyOptions<A>,
  algorithms: readonly A[],
): KeyOptions<A> {
  if (!algorithms.includes(value.algorithm) || !(value.algorithm in ALGORITHMS)) {
    throw new OptionsInvalidError(
      `Unknown ${which} algorithm "${value.algorithm}"; use one of: ${algorithms.join(", ")}.`,
    );
  }
  if (!Number.isSafeInteger(value.iterations) || value.iterations < 1) {
    throw new OptionsInvalidError(
      `${which}.iterations must be a whole number of at least 1, not ${value.iterations}.`,
    );
  }
  if (!Number.isSafeInteger(value.saltBits) || value.saltBits < 1 || value.saltBits > 4096) {
    throw new OptionsInvalidError(
      `${which}.saltBits must be a whole number from 1 to 4096, not ${value.saltBits}.`,
    );
  }
  if (!Number.isSafeInteger(value.minPasswordlength) || value.minPasswordlength < 0) {
    throw new OptionsInvalidError(
      `${which}.minPasswordlength must be a whole number, not ${value.minPasswordlength}.`,
    );
  }
  return value;
}

export function reuseOptions(
  value: SaltReuseOptions | undefined,
  defaults: Required<SaltReuseOptions>,
): Required<SaltReuseOptions> {
  const windowSec = value?.windowSec ?? defaults.windowSec;
  const maxUses = value?.maxUses ?? defaults.maxUses;
  // Under a second, a window's index outgrows what a salt may hold, so only
  // the server that sealed a token (which remembers it) could read it.
  if (typeof windowSec !== "number" || !(windowSec >= 1 && windowSec <= MAX_WINDOW_SEC)) {
    throw new OptionsInvalidError(
      `saltReuse.windowSec is a number of seconds from 1 to ${MAX_WINDOW_SEC} (400 days), not ${windowSec}. Was it given in milliseconds? To draw fresh salts for every token, pass saltReuse: false.`,
    );
  }
  if (!Number.isSafeInteger(maxUses) || maxUses < 1) {
    throw new OptionsInvalidError(
      `saltReuse.maxUses must be a whole number of at least 1, not ${maxUses}.`,
    );
  }
  return { windowSec, maxUses };
}

/** The longest `ttl`, in milliseconds: 100 years. Longer is a unit mistake, and its expiration would not parse everywhere. */
export const MAX_TTL_MS = 100 * 365.25 * 86_400_000;
export const MAX_WINDOW_SEC = 400 * 86_400;

export function ttlOption(value: number): number {
  nonNegative("ttl", value);
  if (value > MAX_TTL_MS) {
    throw new OptionsInvalidError(
      `ttl is in milliseconds and at most ${MAX_TTL_MS} (100 years); ${value} is longer. Was it given in microseconds? 0 means a token that never expires.`,
    );
  }
  return value;
}

export function nonNegative(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new OptionsInvalidError(`${name} must be a finite number of at least 0, not ${value}.`);
  }
  return value;
}

export function finite(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new OptionsInvalidError(`${name} must be a finite number, not ${value}.`);
  return value;
}

/** The `format` option: `"Fe26.2"` (the default) or `"Fe26.3"`. */
export function formatOption(format: unknown): "Fe26.2" | "Fe26.3" {
  if (format === undefined || format === "Fe26.2" || format === "Fe26.3") return format ?? "Fe26.2";
  throw new OptionsInvalidError(
    `format must be "Fe26.2" or "Fe26.3", not ${JSON.stringify(format)}.`,
  );
}
