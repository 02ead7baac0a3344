/**
 * @module The options of `seal`/`unseal` (iron's, plus `passwordId`,
 * `legacyFallback`, `weakSecrets`…), checked and resolved once.
 */
import { OptionsInvalidError } from "../errors";
import type { EncryptionAlgorithm, IntegrityAlgorithm } from "./algorithms";
import type { WriteFormat } from "./formats";
import { defaultKeyCache, type KeyCache } from "./key-cache";
import type { KeyOptions, SaltReuseOptions } from "./key-options";
import {
  codec,
  finite,
  formatOption,
  KEY_OPTION_KEYS,
  keyOptions,
  nonNegative,
  OPTION_KEYS,
  refuseUnknown,
  reuseOptions,
  ttlOption,
  weakSecretsOption,
} from "./option-checks";

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
  /**
   * The format `seal` writes. `unseal` reads both, whatever this says.
   * - `"Fe26.2"`: iron's, read by @hapi/iron, iron-webcrypto, iron-session and h3.
   * - `"Fe26.3"` (**experimental** until iron-webcrypto publishes it): its
   *   AEAD draft, AES-256-GCM under an HKDF-SHA256 key with a fresh salt per
   *   token. No PBKDF2, so a token never seen costs microseconds, not
   *   milliseconds. Only this library and the draft read it: roll it out in
   *   two phases (see the README).
   * @default "Fe26.2"
   */
  format?: WriteFormat;
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
  readonly format: WriteFormat;
  /** What decides whether a token verifies (algorithms, iterations, onlyOwnSalts): remembered tokens must match it. */
  readonly signature: string;
}

/** The defaults of `seal` and `unseal` (iron's, with h3 v2's 8192 iterations). */
export const sealDefaults = Object.freeze({
  ttl: 0,
  timestampSkewSec: 60,
  localtimeOffsetMsec: 0,
  encryption: Object.freeze({
    algorithm: "aes-256-cbc",
    iterations: 8192,
    saltBits: 256,
    minPasswordlength: 32,
  }),
  integrity: Object.freeze({
    algorithm: "sha256",
    iterations: 8192,
    saltBits: 256,
    minPasswordlength: 32,
  }),
  saltReuse: Object.freeze({ windowSec: 3600, maxUses: 1_000_000 }),
} as const);

/** Applies the defaults and validates; throws `OptionsInvalidError`. */
export function resolveOptions(options: SealOptions = EMPTY): ResolvedOptions {
  refuseUnknown("seal options", options, OPTION_KEYS);
  if (options.onlyOwnSalts && (options.cache === false || options.saltReuse === false)) {
    throw new OptionsInvalidError(
      "onlyOwnSalts recognises window salts: it needs saltReuse and a key cache (neither may be false).",
    );
  }
  if (options.encryption !== undefined)
    refuseUnknown("encryption option", options.encryption, KEY_OPTION_KEYS);
  if (options.integrity !== undefined)
    refuseUnknown("integrity option", options.integrity, KEY_OPTION_KEYS);
  const encryption = keyOptions(
    "encryption",
    { ...sealDefaults.encryption, ...options.encryption },
    ["aes-256-cbc", "aes-128-ctr"],
  );
  const integrity = keyOptions("integrity", { ...sealDefaults.integrity, ...options.integrity }, [
    "sha256",
  ]);
  const onlyOwnSalts = options.onlyOwnSalts === true;
  return {
    ttl: ttlOption(options.ttl ?? sealDefaults.ttl),
    timestampSkewSec: nonNegative(
      "timestampSkewSec",
      options.timestampSkewSec ?? sealDefaults.timestampSkewSec,
    ),
    localtimeOffsetMsec: finite(
      "localtimeOffsetMsec",
      options.localtimeOffsetMsec ?? sealDefaults.localtimeOffsetMsec,
    ),
    encryption,
    integrity,
    passwordId: options.passwordId === undefined ? undefined : String(options.passwordId),
    saltReuse:
      options.saltReuse === false ? false : reuseOptions(options.saltReuse, sealDefaults.saltReuse),
    cache: options.cache ?? defaultKeyCache,
    legacyFallback: options.legacyFallback === true,
    onlyOwnSalts,
    encode: codec("encode", options.encode),
    decode: codec("decode", options.decode),
    weakSecrets: weakSecretsOption(options.weakSecrets),
    format: formatOption(options.format),
    signature: `${encryption.algorithm}:${encryption.iterations}:${integrity.algorithm}:${integrity.iterations}:${onlyOwnSalts ? 1 : 0}`,
  };
}

const EMPTY: SealOptions = Object.freeze({});
