/**
 * @module The shapes of iron's key options, apart from the rest of the options
 * so that the key cache can name them without importing the options module (no
 * cycle).
 */

/** How one of the two keys of a token is derived from a password string. */
export interface KeyOptions<A extends string> {
  /** @default "aes-256-cbc" for encryption, "sha256" for integrity */
  algorithm: A;
  /** PBKDF2-SHA1 iterations. @default 8192 (h3 v2; iron's own default is 1) */
  iterations: number;
  /** Size of the random salt, in bits. @default 256 */
  saltBits: number;
  /** Shortest password string accepted, in characters. @default 32 */
  minPasswordlength: number;
}

/** How sealing reuses one salt pair, so that it derives keys once per window, not once per token. */
export interface SaltReuseOptions {
  /** How long one salt pair seals, in seconds. @default 3600 */
  windowSec?: number;
  /** How many tokens one salt pair seals at most (per process) before the next pair. @default 1_000_000 */
  maxUses?: number;
}
