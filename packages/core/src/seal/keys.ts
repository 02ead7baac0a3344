/**
 * @module Keys: a token's encryption and integrity keys derived (PBKDF2) from a
 * password and a salt, or taken raw, looked up in and kept in the key cache.
 */
import type { Key } from "./crypto";
import { cacheStore, type KeyCache } from "./key-cache";
import type { SaltReuseOptions } from "./key-options";
import type { Secret } from "./password";
import {
  type AnyKeyOptions,
  derive,
  importPassword,
  importRaw,
  randomSalt,
  type SaltedKey,
} from "./secret-keys";

/** What sealing needs beyond the key options. */
export interface SealingContext {
  readonly cache: KeyCache | false;
  readonly saltReuse: Readonly<Required<SaltReuseOptions>> | false;
  /** The current time, in milliseconds since the epoch. */
  readonly now: number;
}

/** The key (and salt) that seals the next token. */
export function sealingKey(
  secret: Secret,
  options: AnyKeyOptions,
  context: SealingContext,
): Promise<SaltedKey> {
  if (typeof secret !== "string") return rawKey(secret, options, context.cache);
  if (context.cache && context.saltReuse)
    return cacheStore(context.cache)
      .secret(secret)
      .windowKey(options, context.saltReuse, context.now);
  const salt = randomSalt(options.saltBits);
  const keys = context.cache ? cacheStore(context.cache).secret(secret) : undefined;
  const key = keys ? keys.derive(options, salt) : derive(importPassword(secret), options, salt);
  return key.then((k) => {
    keys?.remember(options, salt, k);
    return { key: k, salt };
  });
}

/**
 * The key for a token's salt. `fresh` is true when it was derived for this
 * call; pass it to `rememberKey` once the token has verified.
 */
export async function unsealingKey(
  secret: Secret,
  options: AnyKeyOptions,
  salt: string,
  cache: KeyCache | false,
): Promise<{ key: Key; fresh: boolean }> {
  if (typeof secret !== "string")
    return { key: (await rawKey(secret, options, cache)).key, fresh: false };
  if (!cache) return { key: await derive(importPassword(secret), options, salt), fresh: true };
  const keys = cacheStore(cache).secret(secret);
  const cached = keys.lookup(options, salt);
  return cached
    ? { key: cached, fresh: false }
    : { key: await keys.derive(options, salt), fresh: true };
}

/**
 * The key for a token's salt when it needs no derivation (a raw key, or one
 * in the cache); `undefined` otherwise. Never derives.
 */
export function knownKey(
  secret: Secret,
  options: AnyKeyOptions,
  salt: string,
  cache: KeyCache | false,
): Promise<Key> | undefined {
  if (typeof secret !== "string")
    return cache
      ? cacheStore(cache).raw(secret, options.algorithm)
      : importRaw(secret, options.algorithm);
  const key = cache ? cacheStore(cache).secret(secret).lookup(options, salt) : undefined;
  return key && Promise.resolve(key);
}

/**
 * `true` when `salt` is a window salt this password issued (see `saltReuse`):
 * one HMAC at most, never a key derivation. Raw keys have no salts.
 */
export function isOwnSalt(
  secret: Secret,
  options: AnyKeyOptions,
  salt: string,
  cache: KeyCache,
): Promise<boolean> {
  return typeof secret === "string"
    ? cacheStore(cache).secret(secret).ownsSalt(options, salt)
    : Promise.resolve(salt === "");
}

/** Keeps a key derived for a token that has proved genuine. */
export function rememberKey(
  cache: KeyCache | false,
  secret: Secret,
  options: AnyKeyOptions,
  salt: string,
  key: Key,
): void {
  if (cache && typeof secret === "string")
    cacheStore(cache).secret(secret).remember(options, salt, key);
}

async function rawKey(
  secret: Uint8Array,
  options: AnyKeyOptions,
  cache: KeyCache | false,
): Promise<SaltedKey> {
  return {
    key: await (cache
      ? cacheStore(cache).raw(secret, options.algorithm)
      : importRaw(secret, options.algorithm)),
    salt: "",
  };
}
