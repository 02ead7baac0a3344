/**
 * @module The seal layer's functions: `createSealer`, and `seal`, `unseal` and
 * `unsealWithInfo` for one-off calls, each a call onto a sealer.
 */
import { Lru } from "./lru";
import type { SealOptions } from "./options";
import type { Password } from "./password";
import { TokenSealer } from "./sealer";
import type { Sealer, UnsealResult } from "./types";

/**
 * Checks `password` and `options` once and returns the functions that use
 * them: the way to seal and unseal many tokens with one configuration. Every
 * secret is checked now (a short one throws here, not on some token); a map
 * whose sealing id cannot be told still unseals, and `seal` then asks for
 * `passwordId`.
 *
 * @example
 * ```ts
 * const tokens = createSealer({ 2: env.TOKEN_SECRET_2, 1: env.TOKEN_SECRET_1 }, { ttl: 15 * 60 * 1000 });
 * const token = await tokens.seal({ userId: 42 });
 * const { userId } = await tokens.unseal<{ userId: number }>(token);
 * ```
 */
export function createSealer(password: Password, options?: SealOptions): Sealer {
  return new TokenSealer(password, options, "all");
}

/**
 * Encrypts and signs `data` (any JSON value) into an iron `Fe26.2` token that
 * @hapi/iron, iron-webcrypto and h3 unseal with the same password and
 * iteration count.
 *
 * Throws `SealDataError` when `data` is not JSON-serializable, and password
 * errors (`ERR_PASSWORD_*`) for a missing, short or malformed password.
 *
 * @example
 * ```ts
 * const token = await seal({ userId: 42 }, env.SESSION_PASSWORD, { ttl: 60 * 60 * 1000 });
 * ```
 */
export async function seal(
  data: unknown,
  password: Password,
  options?: SealOptions,
): Promise<string> {
  return sealerFor(password, options).seal(data);
}

/**
 * Verifies and decrypts an `Fe26.2` token and returns its data.
 *
 * Any refusal of the token throws an `UnsealError` subclass with one generic
 * message; the reason is in `code`: `ERR_SEAL_MALFORMED`, `ERR_SEAL_MAC`,
 * `ERR_SEAL_EXPIRED`, `ERR_SEAL_UNKNOWN_KEY` or `ERR_SEAL_DECRYPT`. A bad
 * password or bad options throw their own configuration errors.
 *
 * @example
 * ```ts
 * const data = await unseal(token, env.SESSION_PASSWORD);
 * ```
 */
export async function unseal(
  token: string,
  password: Password,
  options?: SealOptions,
): Promise<unknown> {
  return sealerFor(password, options).unseal(token);
}

/**
 * `unseal`, also saying which password id and iteration count matched: what a
 * session needs to decide whether to reseal a token.
 */
export async function unsealWithInfo<T = unknown>(
  token: string,
  password: Password,
  options?: SealOptions,
): Promise<UnsealResult<T>> {
  return sealerFor(password, options).unsealWithInfo<T>(token);
}

// The sealers of string passwords used with the default options, kept: a call
// then skips resolving both. Options objects and object passwords may change
// between calls, so they get a sealer per call (checking a map's secrets only
// as they are used).
const defaults = new Lru<string, TokenSealer>(16);

function sealerFor(password: Password, options: SealOptions | undefined): TokenSealer {
  if (options !== undefined || typeof password !== "string")
    return new TokenSealer(password, options, "on-use");
  let sealer = defaults.get(password);
  if (!sealer) defaults.set(password, (sealer = new TokenSealer(password, undefined, "on-use")));
  return sealer;
}
