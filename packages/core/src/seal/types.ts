/**
 * @module The seal layer's result types: a `Sealer`, and what unsealing
 * learns about a token besides its data.
 */
import type { TokenFormat } from "./formats";

export type { TokenFormat, WriteFormat } from "./formats";

/** A password and options resolved once: `seal` and `unseal` without re-checking either on every call. */
export interface Sealer {
  /** Seals `data` (any JSON value) into a token of the configured `format` (`Fe26.2` by default). */
  seal(data: unknown): Promise<string>;
  /** Verifies and decrypts a token; throws an `UnsealError` (reason in `code`). */
  unseal<T = unknown>(token: string): Promise<T>;
  /** `unseal`, also saying which password id and iteration count matched. */
  unsealWithInfo<T = unknown>(token: string): Promise<UnsealResult<T>>;
}

/** What `unsealWithInfo` learned about a token besides its data. */
export interface UnsealResult<T = unknown> {
  /** The sealed JSON value. */
  readonly data: T;
  /** The password id written in the token (`""` when it has none). */
  readonly passwordId: string;
  /** `true` when the token was not sealed with the password id that seals now (so it deserves a reseal). */
  readonly stalePassword: boolean;
  /** The PBKDF2 iteration count that verified the token (1 for a legacy token; 0 for `Fe26.3`, which has none). */
  readonly iterations: number;
  /**
   * `true` when the token is in a format this sealer no longer writes, so it
   * deserves a reseal: an `Fe26.2` token only the 1-iteration fallback
   * verified, or any `Fe26.2` token once `format` is `"Fe26.3"`.
   */
  readonly legacy: boolean;
  /** The token's format: `"Fe26.2"`, `"Fe26.2@1"` (verified at 1 iteration) or `"Fe26.3"`. */
  readonly format: TokenFormat;
  /** When the token expires, in milliseconds since the epoch; `undefined` when it never does. */
  readonly expiresAt: number | undefined;
}

/**
 * An `UnsealResult` with the decrypted JSON text it was parsed from, and, for
 * a remembered token, that text parsed once and deep-frozen (`data` is a copy).
 */
export type UnsealedText<T = unknown> = UnsealResult<T> & {
  readonly json: string;
  readonly tree: unknown;
};
