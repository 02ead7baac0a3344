/**
 * @module `seal`: a value sealed into an `Fe26.2` token — encrypted under a
 * fresh salt and IV, signed, and remembered for the request that sends it back.
 */
import { OptionsInvalidError } from "../errors";
import { encodeWith, serialize } from "./json";
import { sealingKey } from "./keys";
import { sign } from "./mac";
import { type ResolvedOptions, resolveOptions, type SealOptions } from "./options";
import { type Password, type PasswordSet, sealingSecrets, toPasswordSet } from "./password";
import { crypto } from "./provider";
import { randomIv } from "./random";
import { checkSecrets } from "./secret-policy";
import { MAC_PREFIX, sealableFields } from "./token";
import { rememberToken } from "./token-cache";

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
  const opts = resolveOptions(options);
  const set = toPasswordSet(password, opts.passwordId);
  checkSecrets(sealingSecrets(set), opts);
  return sealWith(data, set, opts);
}

/** `seal` with the password and options already checked (the session engine resolves them once per config). */
export function sealWith(data: unknown, set: PasswordSet, opts: ResolvedOptions): Promise<string> {
  return sealJson(opts.encode ? encodeWith(opts.encode, data) : serialize(data), set, opts);
}

/**
 * Seals JSON text already serialized (the session engine keeps the text to
 * compare against later). `at` is the clock reading, in milliseconds since the
 * epoch, that `ttl` counts from: a caller that computed `ttl` from its own
 * reading passes it, so the token expires exactly when it meant.
 */
export async function sealJson(
  json: string,
  set: PasswordSet,
  opts: ResolvedOptions,
  at = Date.now(),
): Promise<string> {
  const now = at + opts.localtimeOffsetMsec;
  const secrets = sealingSecrets(set);
  const context = { cache: opts.cache, saltReuse: opts.saltReuse, now };
  const [encryption, integrity] = await Promise.all([
    sealingKey(secrets.encryption, opts.encryption, context),
    sealingKey(secrets.integrity, opts.integrity, context),
  ]);
  const iv = randomIv();
  const encrypted = await crypto.encrypt(
    opts.encryption.algorithm,
    encryption.key,
    iv,
    crypto.utf8(json),
  );
  const expiration = opts.ttl ? Math.floor(now + opts.ttl) : undefined;
  if (!sealableFields(encryption.salt, integrity.salt, expiration)) {
    throw new OptionsInvalidError(
      `The token would carry an expiration or salt that other servers cannot parse (expiration ${expiration}); check ttl and localtimeOffsetMsec.`,
    );
  }
  const macBase = `${MAC_PREFIX}*${set.sealId}*${encryption.salt}*${crypto.encodeBase64Url(iv)}*${crypto.encodeBase64Url(encrypted)}*${expiration ?? ""}`;
  const token = `${macBase}*${integrity.salt}*${await sign(integrity.key, macBase)}`;
  // The next request usually sends this very token back.
  rememberToken(opts, token, secrets, {
    passwordId: set.sealId,
    json,
    iterations: opts.integrity.iterations,
    expiration,
  });
  return token;
}
