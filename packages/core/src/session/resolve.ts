/**
 * @module Resolving a session config: every option checked, with a message
 * that says how to fix it, the defaults applied, and each config resolved
 * once (per object, and per value).
 */

import { serialize } from "cookie-es";
import { OptionsInvalidError, PasswordMissingError } from "../errors";
import { isProduction } from "../seal/environment";
import { Lru } from "../seal/lru";
import type { ResolvedOptions, SealOptions } from "../seal/options";
import { type PasswordSet, sealingSecrets } from "../seal/password";
import { TokenSealer } from "../seal/sealer";
import { warnOnce } from "../warn";
import {
  DEFAULT_COOKIE,
  DEFAULT_NAME,
  type ResolvedSessionConfig,
  type SessionConfig,
} from "./config";
import { legacyUntil, lifetime, purposeOf } from "./config-checks";
import { configKey } from "./config-key";
import { trustedOrigins } from "./csrf-origins";
import { resolveMigrations } from "./migrate";
import { checkCookiePrefix, prefixOf, sessionHeaderOf, TOKEN_NAME } from "./names";
import { Slot } from "./slot";

const DEFAULT_CHUNK = 4000;
const DEFAULT_MAX_SIZE = 14_336;
// Below this many PBKDF2 iterations a guessable password is cheap to try offline.
const FEW_ITERATIONS = 1000;

// The last resolution of a config object, with the default name it was resolved with.
const resolved = new Slot<readonly [defaultName: string, config: ResolvedSessionConfig]>(
  "sealed-session.config",
);
// Equal configs, by value: a config written as a new literal per request resolves once.
const byValue = new Lru<string, ResolvedSessionConfig>(256);

/**
 * Checks a session config and applies its defaults; throws a configuration
 * error (`ERR_PASSWORD_*`, `ERR_OPTIONS_INVALID`) that says how to fix it.
 * Adapters call it when their middleware is set up, so mistakes surface at
 * start-up. The result is remembered per config object and per config
 * value, so a config written as a new object literal on every request (as
 * Nitro's documentation writes it) is checked once, not per request.
 */
export function resolveSessionConfig(
  given: SessionConfig,
  defaultName: string = DEFAULT_NAME,
  /** The adapter's defaults, under the config (`SessionExchange.defaults`). */
  defaults?: Readonly<Partial<SessionConfig>>,
): ResolvedSessionConfig {
  if (given === null || typeof given !== "object") {
    throw new PasswordMissingError("A session config object with a password is required.");
  }
  const config = withDefaults(given, defaults);
  const last = resolved.get(config);
  if (last?.[0] === defaultName) return last[1];
  const key = configKey(config);
  const id = key === undefined ? undefined : `${defaultName}\u0000${key}`;
  const result = (id !== undefined && byValue.get(id)) || buildConfig(config, defaultName);
  if (id !== undefined) byValue.set(id, result);
  resolved.set(config, [defaultName, result]);
  return result;
}

// Checks every option of `config` (throwing a configuration error that says how to fix it) and applies the defaults.
function buildConfig(config: SessionConfig, defaultName: string): ResolvedSessionConfig {
  const sealer = sealerOf(config);
  const plain = nameOf(config.name ?? defaultName);
  const prefix = prefixOf(config.cookiePrefix, plain);
  const name = prefix + plain;
  const { cookie, chunkMaxLength, cookieMaxAgeMs } = prefix
    ? prefixedCookieOf(config, name)
    : cookieOf(config, name);
  const maxSize = config.maxSize ?? DEFAULT_MAX_SIZE;
  if (!Number.isSafeInteger(maxSize) || maxSize < 256)
    throw new OptionsInvalidError(
      `maxSize must be a whole number of bytes, at least 256, not ${maxSize}.`,
    );
  checkHooks(config);
  return Object.freeze({
    source: config,
    name,
    header: sessionHeaderOf(config.sessionHeader, plain),
    cookie,
    chunkMaxLength,
    maxSize,
    maxAgeMs: lifetime("maxAge", config.maxAge, true),
    idleTimeoutMs: lifetime("idleTimeout", config.idleTimeout, true),
    cookieMaxAgeMs,
    sealer,
    lazy: config.lazy === true,
    migrations: resolveMigrations(config, plain),
    legacyUntilMs: legacyUntil(config.acceptLegacyUntil),
    purpose: purposeOf(config.bind ?? (sealer.options.format === "Fe26.3" ? {} : false), name),
    csrfOrigins: trustedOrigins(config.csrf?.trustedOrigins),
    // On a development host outside production: the same session by its plain name.
    local:
      prefix && !isProduction()
        ? buildConfig({ ...config, cookiePrefix: false }, defaultName)
        : undefined,
  });
}

// cookieOf for a name cookiePrefix made: its refusal also says how to turn the prefix off.
function prefixedCookieOf(config: SessionConfig, name: string): ReturnType<typeof cookieOf> {
  try {
    return cookieOf(config, name);
  } catch (error) {
    if (!(error instanceof OptionsInvalidError)) throw error;
    throw new OptionsInvalidError(
      `${error.message} The prefix comes from cookiePrefix (an adapter's secure default, or your config): set cookiePrefix: false to keep the plain name.`,
    );
  }
}

// The password and seal options, checked now rather than on the first request.
function sealerOf(config: SessionConfig): TokenSealer {
  if (config.password === undefined || config.password === null || config.password === "") {
    throw new PasswordMissingError("The session config has no password.");
  }
  if (config.seal?.encode !== undefined || config.seal?.decode !== undefined) {
    throw new OptionsInvalidError(
      "seal.encode and seal.decode are for seal()/unseal(): a session record is always JSON. Remove them from the session config.",
    );
  }
  const seal: SealOptions = { legacyFallback: config.legacySealFallback !== false, ...config.seal };
  // Every secret is checked, so a weak one fails here rather than on a
  // client's token; and sessions seal, so the sealing id must be known.
  const sealer = new TokenSealer(config.password, seal, "all");
  sealingSecrets(sealer.passwords);
  warnFewIterations(sealer.passwords, sealer.options);
  return sealer;
}

// The session's name: a cookie-name token, and not a chunk's name.
function nameOf(name: string): string {
  if (!TOKEN_NAME.test(name))
    throw new OptionsInvalidError(
      `Invalid session name "${name}": use letters, digits and !#$%&'*+-.^_\`|~.`,
    );
  if (/\.\d+$/.test(name)) {
    throw new OptionsInvalidError(
      `Invalid session name "${name}": a name ending in ".<digits>" is a chunk of another session's cookie ("${name.replace(/\.\d+$/, "")}"). Choose another name.`,
    );
  }
  return name;
}

// The cookie's attributes over the secure defaults, its chunk length and its own max-age.
function cookieOf(config: SessionConfig, name: string) {
  const { chunkMaxLength = DEFAULT_CHUNK, ...attributes } =
    config.cookie === false ? {} : (config.cookie ?? {});
  if (attributes.expires !== undefined) {
    throw new OptionsInvalidError(
      "cookie.expires is a date fixed when the config is made: every cookie written after it would arrive already expired. Use maxAge (seconds from the session's creation) or cookie.maxAge (seconds from each write) instead.",
    );
  }
  const cookieMaxAgeMs =
    attributes.maxAge === undefined ? 0 : lifetime("cookie.maxAge", attributes.maxAge, false);
  const cookie =
    config.cookie === false ? undefined : Object.freeze({ ...DEFAULT_COOKIE, ...attributes });
  if (
    !Number.isSafeInteger(chunkMaxLength) ||
    chunkMaxLength < 64 ||
    chunkMaxLength + name.length + 5 > 4096
  ) {
    throw new OptionsInvalidError(
      `cookie.chunkMaxLength must be a whole number from 64 to ${4096 - name.length - 5} (browsers keep 4096 bytes per cookie, name included), not ${chunkMaxLength}.`,
    );
  }
  if (cookie) {
    checkCookiePrefix(name, cookie);
    try {
      serialize(name, "probe", cookie);
    } catch (cause) {
      throw new OptionsInvalidError(
        `The session cookie options cannot be serialized: ${(cause as Error).message}.`,
        { cause },
      );
    }
  }
  return { cookie, chunkMaxLength, cookieMaxAgeMs };
}

// The options that are objects or functions of other modules: each must be what it says.
function checkHooks(config: SessionConfig): void {
  if (config.schema !== undefined && typeof config.schema?.["~standard"]?.validate !== "function") {
    throw new OptionsInvalidError(
      "schema must be a Standard Schema (zod ≥ 3.24, valibot ≥ 1, arktype ≥ 2…): it has no ~standard.validate.",
    );
  }
  if (config.revocation !== undefined && typeof config.revocation?.check !== "function") {
    throw new OptionsInvalidError("revocation must come from createRevocation({ storage }).");
  }
  if (config.store !== undefined && typeof config.store?.save !== "function") {
    throw new OptionsInvalidError("store must come from createSessionStore({ storage }).");
  }
  if (config.telemetry !== undefined && typeof config.telemetry !== "function") {
    throw new OptionsInvalidError(
      "telemetry must be a function of the session event, such as otelTelemetry() from @sealed-session/core/otel.",
    );
  }
  if (config.userKey !== undefined && typeof config.userKey !== "function") {
    throw new OptionsInvalidError(
      "userKey must be a function of the session data, such as (data) => data.userId.",
    );
  }
}

// A password (not a raw key) stretched by few PBKDF2 iterations is cheap to
// guess offline from any token: harmless for a random secret, not for a
// memorable one. Said once, not refused: iron's and iron-session's default is 1.
function warnFewIterations(passwords: PasswordSet, options: ResolvedOptions): void {
  if (
    !passwords.all.some(
      (pair) => typeof pair.encryption === "string" || typeof pair.integrity === "string",
    )
  )
    return;
  const iterations = Math.min(options.encryption.iterations, options.integrity.iterations);
  if (iterations >= FEW_ITERATIONS) return;
  warnOnce(
    "SEALED_SESSION_FEW_ITERATIONS",
    `seal iterations is ${iterations}: a password is then cheap to guess offline from any token. Keep it only with a random secret (npx sealed-session gen-password); the default is 8192.`,
  );
}

const merged = new WeakMap<object, WeakMap<object, SessionConfig>>();

// `config` with an adapter's `defaults` under it (the same object for the same pair).
function withDefaults(
  config: SessionConfig,
  defaults: Readonly<Partial<SessionConfig>> | undefined,
): SessionConfig {
  if (!defaults) return config;
  let byDefaults = merged.get(config);
  let result = byDefaults?.get(defaults);
  if (!result) {
    result = { ...defaults, ...config } as SessionConfig;
    if (!byDefaults) merged.set(config, (byDefaults = new WeakMap()));
    byDefaults.set(defaults, result);
  }
  return result;
}
