/**
 * @module Verified tokens, remembered by their exact text in the KeyCache:
 * reading the cookie a browser sends again and again costs a lookup and a
 * copy of the data parsed the first time. Also what every format's walk
 * shares once a token verified: the expiry check, and the result it gives.
 */
import { SealExpiredError } from "../errors";
import { GCM_TOKEN_START, isLegacyFormat, type TokenFormat } from "./formats";
import { copyTree, frozenTree, parseJson } from "./json";
import { cacheStore } from "./key-cache";
import type { ResolvedOptions } from "./options";
import type { PasswordSet, SecretPair } from "./password";
import type { UnsealedText } from "./types";

/**
 * The remembered result for `token`, if it verified before under the same
 * secret and options; throws `SealExpiredError` if it has expired since.
 * Without a `decode` option its data is a copy of a tree parsed once (kept
 * in `tree`, deep-frozen); with one, `decode` runs again.
 */
export function recallToken(
  opts: ResolvedOptions,
  set: PasswordSet,
  token: string,
  now: number,
): UnsealedText | undefined {
  if (!opts.cache) return undefined;
  // Keyed by the MAC (unique per token, short to hash); the whole text must match.
  const hit = cacheStore(opts.cache).recall(macOf(token));
  if (!hit || hit.token !== token || hit.signature !== opts.signature) return undefined;
  checkExpiration(opts, hit.expiration, now);
  let secrets: SecretPair;
  try {
    secrets = set.find(hit.passwordId);
  } catch {
    return undefined; // the password id is gone: let the full path refuse it
  }
  const format: TokenFormat = hit.token.startsWith(GCM_TOKEN_START)
    ? "Fe26.3"
    : hit.iterations === opts.integrity.iterations
      ? "Fe26.2"
      : "Fe26.2@1";
  if (
    secrets.integrity !== hit.secret ||
    secrets.encryption !== hit.secret ||
    (format === "Fe26.2@1" && !opts.legacyFallback)
  )
    return undefined;
  // Built on the first recall and kept: each later one costs a copy, not a parse.
  const tree = opts.decode === undefined ? (hit.tree ??= frozenTree(hit.json)) : undefined;
  // One literal, not a spread plus `data`: V8 gives a spread's copy a map of
  // its own, and adding a property to it then builds a new map per call.
  return {
    data: tree === undefined ? parseJson(hit.json, opts.decode) : copyTree(tree),
    json: hit.json,
    tree,
    passwordId: hit.passwordId,
    stalePassword: set.sealWith !== undefined && secrets !== set.sealWith,
    iterations: hit.iterations,
    legacy: isLegacyFormat(format, opts.format),
    format,
    expiresAt: hit.expiration,
  };
}

/** Remembers a token that verified (or was just sealed). Only for one string secret used for both keys. */
export function rememberToken(
  opts: ResolvedOptions,
  token: string,
  secrets: SecretPair,
  entry: { passwordId: string; json: string; iterations: number; expiration: number | undefined },
): void {
  if (
    !opts.cache ||
    typeof secrets.integrity !== "string" ||
    secrets.encryption !== secrets.integrity
  )
    return;
  cacheStore(opts.cache).remember(macOf(token), {
    token,
    secret: secrets.integrity,
    signature: opts.signature,
    ...entry,
  });
}

// An `Fe26.2` token's MAC; an `Fe26.3` token's tag (the end of its
// ciphertext part: its last part is the expiration).
function macOf(token: string): string {
  const last = token.lastIndexOf("*");
  return token.startsWith(GCM_TOKEN_START)
    ? token.slice(Math.max(0, last - 22), last)
    : token.slice(last + 1);
}

/**
 * Throws `SealExpiredError` when a token's expiration (ms since the epoch)
 * has passed by more than the allowed skew; `now` already offset.
 */
export function checkExpiration(
  opts: ResolvedOptions,
  expiration: number | undefined,
  now: number,
): void {
  if (expiration !== undefined && expiration <= now - opts.timestampSkewSec * 1000)
    throw new SealExpiredError();
}

/**
 * What unsealing a token learned, once its format's walk verified and
 * decrypted it: its data parsed (or `decode`d), the token remembered, and
 * whether its format and password id deserve a reseal.
 */
export function verifiedText<T>(
  opts: ResolvedOptions,
  passwords: PasswordSet,
  token: string,
  secrets: SecretPair,
  entry: { passwordId: string; json: string; iterations: number; expiration: number | undefined },
  format: TokenFormat,
): UnsealedText<T> {
  const data = parseJson(entry.json, opts.decode) as T;
  rememberToken(opts, token, secrets, entry);
  const { passwordId, json, iterations, expiration } = entry;
  return {
    json,
    tree: undefined,
    data,
    passwordId,
    stalePassword: passwords.sealWith !== undefined && secrets !== passwords.sealWith,
    iterations,
    legacy: isLegacyFormat(format, opts.format),
    format,
    expiresAt: expiration,
  };
}
