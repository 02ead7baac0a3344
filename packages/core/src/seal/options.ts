/**
 * @module The options of `seal`/`unseal` (iron's, plus `passwordId`,
 * `legacyFallback`, `weakSecrets`…), checked and resolved once.
 */
import { OptionsInvalidError } from "../errors";
import { ALGORITHMS, type EncryptionAlgorithm, type IntegrityAlgorithm } from "./algorithms";
import { isProduction } from "./environment";
import type { KeyOptions, SaltReuseOptions } from "./key-options";
import { defaultKeyCache, type KeyCache } from "./keys";

export type { EncryptionAlgorithm, IntegrityAlgorithm } from "./algorithms";
export type { KeyOptions, SaltReuseOptions } from "./key-options";

/**
 * Options of `seal` and `unseal`: iron's, all optional, plus the caching
 * controls. The same object works for both calls.
 *
 * @example
 * ```ts
 * const token = await seal(data, password, { ttl: 3600_000 });
 * ```
 */
export interface SealOptions {
  /** Lifetime of the token, in milliseconds; `0` means none is written. @default 0 */
  ttl?: number;
  /** Clock skew allowed when checking expiration, in seconds. @default 60 */
  timestampSkewSec?: number;
  /** Offset added to the local clock, in milliseconds. @default 0 */
  localtimeOffsetMsec?: number;
  /** Derivation of the encryption key. */
  encryption?: Partial<KeyOptions<EncryptionAlgorithm>>;
  /** Derivation of the integrity (HMAC) key. */
  integrity?: Partial<KeyOptions<IntegrityAlgorithm>>;
  /** With a rotation map, the id that seals. @default the highest numeric id */
  passwordId?: string;
  /**
   * Reuse one salt pair per password for a bounded window, so a warm `seal`
   * costs one AES and one HMAC call. Each token still gets a fresh random IV,
   * and stays a standard `Fe26.2` token. `false` draws random salts per token.
   * @default { windowSec: 3600, maxUses: 1_000_000 }
   */
  saltReuse?: SaltReuseOptions | false;
  /**
   * Where derived keys are kept. `false` derives every key on every call (as
   * iron does: milliseconds per token at 8192 iterations).
   * @default the shared `defaultKeyCache`
   */
  cache?: KeyCache | false;
  /**
   * `unseal` only: when the MAC does not verify at the configured iteration
   * count, also try 1 iteration — the legacy default of iron-webcrypto,
   * iron-session, h3 v1 and nuxt-auth-utils. `unsealWithInfo` says which matched.
   * @default false
   */
  legacyFallback?: boolean;
  /**
   * `unseal` only: refuse, without deriving any key, a token whose salts are
   * not window salts this password issued (see `saltReuse`). A flood of forged
   * tokens with random salts then costs one HMAC each instead of a PBKDF2
   * derivation. Turn it on only when no live token comes from elsewhere —
   * another iron producer, `saltReuse: false`, a legacy fallback — for
   * example for a new app, or once `maxAge` has passed since every server
   * ran this library: such tokens are refused (`ERR_SEAL_FOREIGN_SALT`).
   * @default false
   */
  onlyOwnSalts?: boolean;
  /**
   * `seal` only: turns the data into the text that is encrypted, as
   * iron-webcrypto's `encode` (superjson, devalue…). Must return a string.
   * Not for session configs: a session record is JSON.
   * @default JSON.stringify
   */
  encode?: (data: unknown) => string;
  /**
   * `unseal` only: turns the decrypted text back into data, as
   * iron-webcrypto's `decode`. A throw refuses the token (`ERR_SEAL_DECRYPT`).
   * @default JSON.parse
   */
  decode?: (text: string) => unknown;
  /**
   * What a secret that looks made by hand does — one that repeats a pattern
   * (`"abc123".repeat(6)`) or holds a placeholder word (`change-me`, `secret`,
   * `password`, `example`, `your-…`): `"refuse"` throws `ERR_PASSWORD_WEAK`
   * when the configuration is resolved, `"warn"` prints one warning
   * (`SEALED_SESSION_WEAK_PASSWORD`). A secret of one character or byte
   * repeated (an all-zero key) is always refused (`ERR_PASSWORD_INVALID`).
   * @default "refuse" where `NODE_ENV` is `production` (Node, Bun, Deno), else "warn"
   */
  weakSecrets?: "refuse" | "warn";
}

/** `SealOptions` with every default applied and checked. */
export interface ResolvedOptions {
  readonly ttl: number;
  readonly timestampSkewSec: number;
  readonly localtimeOffsetMsec: number;
  readonly encryption: Readonly<KeyOptions<EncryptionAlgorithm>>;
  readonly integrity: Readonly<KeyOptions<IntegrityAlgorithm>>;
  readonly passwordId: string | undefined;
  readonly saltReuse: Readonly<Required<SaltReuseOptions>> | false;
  readonly cache: KeyCache | false;
  readonly legacyFallback: boolean;
  readonly onlyOwnSalts: boolean;
  readonly encode: ((data: unknown) => string) | undefined;
  readonly decode: ((text: string) => unknown) | undefined;
  readonly weakSecrets: "refuse" | "warn";
  /** What decides whether a token verifies (algorithms, iterations, onlyOwnSalts): remembered tokens must match it. */
  readonly signature: string;
}

/** The defaults of `seal` and `unseal` (iron's, with h3 v2's 8192 iterations). */
export const sealDefaults = Object.freeze({
  ttl: 0,
  timestampSkewSec: 60,
  localtimeOffsetMsec: 0,
  encryption: Object.freeze({ algorithm: "aes-256-cbc", iterations: 8192, saltBits: 256, minPasswordlength: 32 }),
  integrity: Object.freeze({ algorithm: "sha256", iterations: 8192, saltBits: 256, minPasswordlength: 32 }),
  saltReuse: Object.freeze({ windowSec: 3600, maxUses: 1_000_000 }),
} as const);

/** Applies the defaults and validates; throws `OptionsInvalidError`. */
export function resolveOptions(options: SealOptions = EMPTY): ResolvedOptions {
  refuseUnknown("seal options", options, OPTION_KEYS);
  if (options.onlyOwnSalts && (options.cache === false || options.saltReuse === false)) {
    throw new OptionsInvalidError("onlyOwnSalts recognises window salts: it needs saltReuse and a key cache (neither may be false).");
  }
  if (options.encryption !== undefined) refuseUnknown("encryption option", options.encryption, KEY_OPTION_KEYS);
  if (options.integrity !== undefined) refuseUnknown("integrity option", options.integrity, KEY_OPTION_KEYS);
  const encryption = keyOptions("encryption", { ...sealDefaults.encryption, ...options.encryption }, ["aes-256-cbc", "aes-128-ctr"]);
  const integrity = keyOptions("integrity", { ...sealDefaults.integrity, ...options.integrity }, ["sha256"]);
  const onlyOwnSalts = options.onlyOwnSalts === true;
  return {
    ttl: ttlOption(options.ttl ?? sealDefaults.ttl),
    timestampSkewSec: nonNegative("timestampSkewSec", options.timestampSkewSec ?? sealDefaults.timestampSkewSec),
    localtimeOffsetMsec: finite("localtimeOffsetMsec", options.localtimeOffsetMsec ?? sealDefaults.localtimeOffsetMsec),
    encryption,
    integrity,
    passwordId: options.passwordId === undefined ? undefined : String(options.passwordId),
    saltReuse: options.saltReuse === false ? false : reuseOptions(options.saltReuse),
    cache: options.cache ?? defaultKeyCache,
    legacyFallback: options.legacyFallback === true,
    onlyOwnSalts,
    encode: codec("encode", options.encode),
    decode: codec("decode", options.decode),
    weakSecrets: weakSecretsOption(options.weakSecrets),
    signature: `${encryption.algorithm}:${encryption.iterations}:${integrity.algorithm}:${integrity.iterations}:${onlyOwnSalts ? 1 : 0}`,
  };
}

const EMPTY: SealOptions = Object.freeze({});
const OPTION_KEYS = new Set<string>([
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
const KEY_OPTION_KEYS = new Set<string>(["algorithm", "iterations", "saltBits", "minPasswordlength"]);

// An option this library does not know is a mistake to report, never to ignore.
function weakSecretsOption(value: unknown): "refuse" | "warn" {
  if (value === undefined) return isProduction() ? "refuse" : "warn";
  if (value === "refuse" || value === "warn") return value;
  throw new OptionsInvalidError(`weakSecrets is "refuse" or "warn", not ${JSON.stringify(value)}.`);
}

function refuseUnknown(what: string, options: object, known: ReadonlySet<string>): void {
  if (options === null || typeof options !== "object") throw new OptionsInvalidError(`${what} must be an object.`);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new OptionsInvalidError(`Unknown ${what} "${key}"; known: ${[...known].join(", ")}.`);
  }
}

function codec<F>(name: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== "function") throw new OptionsInvalidError(`${name} must be a function, not ${typeof value}.`);
  return value;
}

function keyOptions<A extends string>(which: string, value: KeyOptions<A>, algorithms: readonly A[]): KeyOptions<A> {
  if (!algorithms.includes(value.algorithm) || !(value.algorithm in ALGORITHMS)) {
    throw new OptionsInvalidError(`Unknown ${which} algorithm "${value.algorithm}"; use one of: ${algorithms.join(", ")}.`);
  }
  if (!Number.isSafeInteger(value.iterations) || value.iterations < 1) {
    throw new OptionsInvalidError(`${which}.iterations must be a whole number of at least 1, not ${value.iterations}.`);
  }
  if (!Number.isSafeInteger(value.saltBits) || value.saltBits < 1 || value.saltBits > 4096) {
    throw new OptionsInvalidError(`${which}.saltBits must be a whole number from 1 to 4096, not ${value.saltBits}.`);
  }
  if (!Number.isSafeInteger(value.minPasswordlength) || value.minPasswordlength < 0) {
    throw new OptionsInvalidError(`${which}.minPasswordlength must be a whole number, not ${value.minPasswordlength}.`);
  }
  return value;
}

function reuseOptions(value: SaltReuseOptions | undefined): Required<SaltReuseOptions> {
  const windowSec = value?.windowSec ?? sealDefaults.saltReuse.windowSec;
  const maxUses = value?.maxUses ?? sealDefaults.saltReuse.maxUses;
  // Under a second, a window's index outgrows what a salt may hold, so only
  // the server that sealed a token (which remembers it) could read it.
  if (typeof windowSec !== "number" || !(windowSec >= 1 && windowSec <= MAX_WINDOW_SEC)) {
    throw new OptionsInvalidError(
      `saltReuse.windowSec is a number of seconds from 1 to ${MAX_WINDOW_SEC} (400 days), not ${windowSec}. Was it given in milliseconds? To draw fresh salts for every token, pass saltReuse: false.`,
    );
  }
  if (!Number.isSafeInteger(maxUses) || maxUses < 1) {
    throw new OptionsInvalidError(`saltReuse.maxUses must be a whole number of at least 1, not ${maxUses}.`);
  }
  return { windowSec, maxUses };
}

/** The longest `ttl`, in milliseconds: 100 years. Longer is a unit mistake, and its expiration would not parse everywhere. */
export const MAX_TTL_MS = 100 * 365.25 * 86_400_000;
const MAX_WINDOW_SEC = 400 * 86_400;

function ttlOption(value: number): number {
  nonNegative("ttl", value);
  if (value > MAX_TTL_MS) {
    throw new OptionsInvalidError(
      `ttl is in milliseconds and at most ${MAX_TTL_MS} (100 years); ${value} is longer. Was it given in microseconds? 0 means a token that never expires.`,
    );
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new OptionsInvalidError(`${name} must be a finite number of at least 0, not ${value}.`);
  }
  return value;
}

function finite(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new OptionsInvalidError(`${name} must be a finite number, not ${value}.`);
  return value;
}
