/**
 * @module The token formats the seal layer reads, the ones it writes, and
 * which of them a sealer counts as legacy (resealed on use, and refused after
 * a session's `acceptLegacyUntil`).
 */

/** The formats a sealer writes: iron's `Fe26.2`, or the experimental AEAD `Fe26.3`. */
export type WriteFormat = "Fe26.2" | "Fe26.3";

/**
 * A token's format as read: `"Fe26.2"`, `"Fe26.2@1"` (an `Fe26.2` token that
 * only verified at 1 PBKDF2 iteration, the legacy default of h3 v1 and
 * iron-session), or `"Fe26.3"`.
 */
export type TokenFormat = WriteFormat | "Fe26.2@1";

/** The prefix of an `Fe26.3` token, with its first separator. */
export const GCM_TOKEN_START = "Fe26.3*";

/**
 * Whether a sealer that writes `writes` counts a token of `format` as legacy:
 * a 1-iteration token always; an `Fe26.2` token once the sealer writes
 * `Fe26.3` (phase two of a rollout). An `Fe26.3` token never is: a sealer
 * that still writes `Fe26.2` (phase one) reads it and leaves it as it is,
 * so servers of both phases never rewrite each other's cookies.
 */
export function isLegacyFormat(format: TokenFormat, writes: WriteFormat): boolean {
  return format === "Fe26.2@1" || (format === "Fe26.2" && writes === "Fe26.3");
}
