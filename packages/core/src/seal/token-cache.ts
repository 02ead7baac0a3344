/**
 * @module Verified tokens, remembered by their exact text in the KeyCache:
 * reading the cookie a browser sends again and again costs a lookup and a
 * copy of the data parsed the first time.
 */
import { SealExpiredError } from "../errors";
import { frozenTree } from "./json";
import { cacheStore } from "./key-cache";
import type { ResolvedOptions } from "./options";
import type { PasswordSet, SecretPair } from "./password";

/** What a recalled token gives back: the `UnsealResult` fields. */
export interface Recalled {
  readonly json: string;
  readonly passwordId: string;
  readonly stalePassword: boolean;
  readonly iterations: number;
  readonly legacy: boolean;
  readonly expiresAt: number | undefined;
  /** The JSON parsed once and deep-frozen, when asked for (`withTree`). */
  readonly tree: unknown;
}

/**
 * The remembered result for `token`, if it verified before under the same
 * secret and options; throws `SealExpiredError` if it has expired since.
 */
export function recallToken(
  opts: ResolvedOptions,
  set: PasswordSet,
  token: string,
  now: number,
  withTree: boolean,
): Recalled | undefined {
  if (!opts.cache) return undefined;
  // Keyed by the MAC (unique per token, short to hash); the whole text must match.
  const hit = cacheStore(opts.cache).recall(macOf(token));
  if (!hit || hit.token !== token || hit.signature !== opts.signature) return undefined;
  if (hit.expiration !== undefined && hit.expiration <= now - opts.timestampSkewSec * 1000)
    throw new SealExpiredError();
  let secrets: SecretPair;
  try {
    secrets = set.find(hit.passwordId);
  } catch {
    return undefined; // the password id is gone: let the full path refuse it
  }
  const legacy = hit.iterations !== opts.integrity.iterations;
  if (
    secrets.integrity !== hit.secret ||
    secrets.encryption !== hit.secret ||
    (legacy && !opts.legacyFallback)
  )
    return undefined;
  return {
    json: hit.json,
    // Built on the first recall and kept: each later one costs a copy, not a parse.
    tree: withTree ? (hit.tree ??= frozenTree(hit.json)) : undefined,
    passwordId: hit.passwordId,
    stalePassword: set.sealWith !== undefined && secrets !== set.sealWith,
    iterations: hit.iterations,
    legacy,
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

function macOf(token: string): string {
  return token.slice(token.lastIndexOf("*") + 1);
}
