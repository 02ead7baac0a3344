/**
 * @module `createSealer`: a password and options checked once, and
 * `seal`/`unseal` bound to them.
 */
import type { SealOptions } from "./options";
import { resolveOptions } from "./options";
import { type Password, sealingSecrets, toPasswordSet } from "./password";
import { sealWith } from "./seal";
import { checkSecrets } from "./secret-policy";
import { type UnsealResult, unsealWithSet } from "./unseal";

/** A password and options resolved once: `seal` and `unseal` without re-checking either on every call. */
export interface Sealer {
  /** Seals `data` (any JSON value) into an `Fe26.2` token. */
  seal(data: unknown): Promise<string>;
  /** Verifies and decrypts a token; throws an `UnsealError` (reason in `code`). */
  unseal<T = unknown>(token: string): Promise<T>;
  /** `unseal`, also saying which password id and iteration count matched. */
  unsealWithInfo<T = unknown>(token: string): Promise<UnsealResult<T>>;
}

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
  const opts = resolveOptions(options);
  const set = toPasswordSet(password, opts.passwordId);
  for (const secrets of set.all) checkSecrets(secrets, opts);
  return {
    seal: (data) => {
      try {
        sealingSecrets(set);
      } catch (error) {
        return Promise.reject(error);
      }
      return sealWith(data, set, opts);
    },
    unseal: async <T>(token: string) => (await unsealWithSet<T>(token, set, opts)).data,
    unsealWithInfo: (token) => unsealWithSet(token, set, opts),
  };
}
