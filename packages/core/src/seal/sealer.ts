/**
 * @module The sealer: a password and options resolved once; a value sealed in
 * the format they choose, a token read in the format it is in (`iron.ts` for
 * `Fe26.2`, `gcm.ts` for `Fe26.3`, each walk to its crypto calls in one
 * module); the tokens this process sealed or read recalled without crypto.
 */
import { GCM_TOKEN_START } from "./formats";
import { gcmSecret, sealGcmToken, unsealGcmToken } from "./gcm";
import { sealIronToken, unsealIronToken } from "./iron";
import { encodeWith, serialize } from "./json";
import { type ResolvedOptions, resolveOptions, type SealOptions } from "./options";
import {
  type Password,
  type PasswordSet,
  type SecretPair,
  sealingSecrets,
  toPasswordSet,
} from "./password";
import { checkSecrets } from "./secret-policy";
import { recallToken } from "./token-cache";
import type { Sealer, UnsealedText, UnsealResult } from "./types";

/**
 * `"all"`: every secret is checked when the sealer is made (`createSealer`,
 * sessions). `"on-use"`: a map's secrets only when they seal or a token names
 * them (the free functions: a map is never refused for an entry unused).
 */
export type SecretChecks = "all" | "on-use";

/** The one `Sealer`; the session engine also seals JSON text it keeps, with its own ttl. */
export class TokenSealer implements Sealer {
  readonly options: ResolvedOptions;
  readonly passwords: PasswordSet;

  constructor(password: Password, options: SealOptions | undefined, checks: SecretChecks) {
    this.options = resolveOptions(options);
    this.passwords = toPasswordSet(password, this.options.passwordId);
    // A lone secret is a configuration mistake whatever the token: checked now.
    if (checks === "all" || this.passwords.ids.length === 0)
      for (const secrets of this.passwords.all) checkSecrets(secrets, this.options);
    if (this.options.format === "Fe26.3" && this.passwords.sealWith)
      gcmSecret(this.passwords.sealWith);
  }

  async seal(data: unknown): Promise<string> {
    this.#sealingPair(); // the password's mistakes before the data's
    const { encode } = this.options;
    return this.sealJson(encode ? encodeWith(encode, data) : serialize(data));
  }

  /**
   * Seals JSON text already serialized. `at` is the clock reading (ms since
   * the epoch) that `ttl` (ms, 0 for none) counts from, so a caller that
   * computed `ttl` from its own reading gets the expiry it meant.
   */
  async sealJson(json: string, at = Date.now(), ttl = this.options.ttl): Promise<string> {
    const opts = this.options;
    const secrets = this.#sealingPair();
    const now = at + opts.localtimeOffsetMsec;
    return opts.format === "Fe26.3"
      ? sealGcmToken(opts, this.passwords, secrets, json, ttl ? Math.floor(now + ttl) : undefined)
      : sealIronToken(opts, this.passwords, secrets, json, now, ttl);
  }

  async unseal<T = unknown>(token: string): Promise<T> {
    return (await this.unsealText<T>(token)).data;
  }

  async unsealWithInfo<T = unknown>(token: string): Promise<UnsealResult<T>> {
    const { json: _, tree: __, ...result } = await this.unsealText<T>(token);
    return result;
  }

  /**
   * A token this process sealed or verified before, read without crypto and
   * without awaiting; `undefined` when it needs `unsealText`. Throws
   * `SealExpiredError` when it has expired since.
   */
  recall<T = unknown>(token: string): UnsealedText<T> | undefined {
    if (typeof token !== "string") return undefined;
    const now = Date.now() + this.options.localtimeOffsetMsec;
    return recallToken(this.options, this.passwords, token, now) as UnsealedText<T> | undefined;
  }

  /** `unsealWithInfo`, also giving the decrypted JSON text (the session engine compares against it). */
  async unsealText<T = unknown>(token: string): Promise<UnsealedText<T>> {
    const recalled = this.recall<T>(token);
    if (recalled) return recalled;
    const opts = this.options;
    return typeof token === "string" && token.startsWith(GCM_TOKEN_START)
      ? unsealGcmToken<T>(opts, this.passwords, token)
      : unsealIronToken<T>(opts, this.passwords, token);
  }

  #sealingPair(): SecretPair {
    const secrets = sealingSecrets(this.passwords);
    checkSecrets(secrets, this.options);
    return secrets;
  }
}
