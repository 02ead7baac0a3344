import { serialize } from "cookie-es";
import { type CookieOptions, MAX_COOKIE_AGE } from "../cookie/chunked";
import { OptionsInvalidError, PasswordMissingError, type SealedSessionError } from "../errors";
import { Lru } from "../seal/lru";
import { type ResolvedOptions, resolveOptions, type SealOptions } from "../seal/options";
import { checkSecrets, type Password, type PasswordSet, sealingSecrets, toPasswordSet } from "../seal/password";
import type { Revocation } from "../store/revocation";
import type { SessionStore } from "../store/sessions";
import { warnOnce } from "../warn";
import { configKey } from "./config-key";
import type { SessionEvent } from "./events";
import { checkCookiePrefix, sessionHeaderOf, TOKEN_NAME } from "./names";
import { Slot } from "./slot";
import type { StandardSchemaV1 } from "./standard-schema";

/** Secure defaults of the session cookie, applied under `config.cookie`. */
export const DEFAULT_COOKIE: Readonly<CookieOptions> = Object.freeze({ path: "/", secure: true, httpOnly: true, sameSite: "lax" });

/** Where a rejected token came from, and why it was rejected. */
export interface SessionErrorContext {
  /** The session's name. */
  readonly name: string;
  /** `"cookie"` or `"header"` (`x-<name>-session`). */
  readonly source: "cookie" | "header";
}

/**
 * How a session is sealed and kept. Only `password` is required.
 *
 * @example
 * ```ts
 * const config: SessionConfig = {
 *   password: env.SESSION_PASSWORD, // from your platform's secrets
 *   name: "app",
 *   maxAge: 60 * 60 * 24 * 7, // a week, in seconds
 * };
 * ```
 */
export interface SessionConfig<T extends Record<string, unknown> = Record<string, unknown>> {
  /**
   * Seals the session: a string of at least 32 characters, a 32-byte
   * `Uint8Array`, `{ id, secret }`, or a rotation map `{ [id]: secret }` (the
   * highest numeric id seals, every id unseals, older ids are resealed).
   * Make one with `npx sealed-session gen-password`.
   */
  password: Password;
  /** Cookie name, and the `x-<name>-session` header. @default "session" (adapters may choose another, e.g. "h3") */
  name?: string;
  /**
   * Absolute lifetime of a session from its creation, in seconds, at most
   * 400 days (browsers keep a cookie no longer). @default none
   */
  maxAge?: number;
  /**
   * Sliding lifetime, in seconds (at most 400 days): a session not seen for this long expires.
   * Each request past half the window reseals the cookie, so an active user
   * stays signed in while at most one reseal happens per half window.
   * @default none
   */
  idleTimeout?: number;
  /**
   * Cookie attributes (cookie-es serialize options) over the secure defaults
   * `Path=/; HttpOnly; Secure; SameSite=Lax`, plus `chunkMaxLength`; `false`
   * keeps the session out of cookies (header clients only).
   *
   * `cookie.maxAge` (seconds, more than 0, at most 400 days) also bounds the
   * token: it expires when the cookie written with it does, so a copy kept
   * past that is refused. `cookie.expires` is refused: a date fixed when the
   * config is made soon lies in the past; use `maxAge` or `cookie.maxAge`.
   */
  cookie?: false | (CookieOptions & { chunkMaxLength?: number });
  /**
   * Largest session, in bytes, that the browser would send back in its
   * `Cookie` header (every chunk's `name=value`, joined by `; `). A write past
   * it throws `SessionTooLargeError` before any header changes.
   *
   * Node refuses requests whose headers exceed 16 KB in all (431), and the
   * browser sends 0.6–0.9 KB of other headers besides cookies: the default
   * leaves 2 KB for them. Behind nginx with default buffers (8 KB per header
   * line), use 7168 or less.
   * @default 14336
   */
  maxSize?: number;
  /** Request header that carries a sealed session, or `false` to ignore headers. @default `x-<name>-session` */
  sessionHeader?: false | string;
  /** Options of `seal`/`unseal` (iterations, algorithms, `passwordId` to seal with during a rolling deploy…). */
  seal?: SealOptions;
  /** Accept tokens sealed at 1 PBKDF2 iteration (h3 v1, iron-session, nuxt-auth-utils) and reseal them. @default true */
  legacySealFallback?: boolean;
  /** Makes session ids. @default crypto.randomUUID */
  generateId?: () => string;
  /** The Web Crypto object whose `randomUUID` makes ids. @default globalThis.crypto */
  crypto?: Pick<Crypto, "randomUUID">;
  /** Send no cookie for a new session until data is first written. @default false */
  lazy?: boolean;
  /** A Standard Schema (zod, valibot, arktype…) that `data` must satisfy when loaded and on `update()`. */
  schema?: StandardSchemaV1<unknown, T>;
  /**
   * Revocation for sealed sessions (`createRevocation()`): every read also
   * checks that neither the session's id nor its user (`userKey`) was revoked,
   * within `revocation.cacheMs`; `clear()` and `regenerate()` revoke the id
   * they drop, so a copied cookie of it is refused too.
   */
  revocation?: Revocation;
  /**
   * Store mode (`createSessionStore()`): the cookie holds only the sealed id
   * and times, the data lives in the store — as large as the store allows,
   * listed per user (`store.list(user)`) and deleted (`store.remove(id)`,
   * `clear()`). Writes of one session check its version and start again on
   * top of a newer write (`store.retries` times).
   */
  store?: SessionStore;
  /**
   * The user a session belongs to, read from its data (`(data) => data.userId`):
   * what `revocation.revokeAll(user)` and `store.list(user)` go by. A
   * non-empty string or a finite number (`42` and `"42"` are different
   * users); `undefined`, `null` or `""` for a session without a user.
   */
  userKey?(data: T): string | number | null | undefined;
  /**
   * Called for every rejected token, with its typed reason in `error.code`.
   * It may be `async`; what it throws or rejects with is logged, never the
   * request's failure (nor, in Node, an unhandled rejection).
   */
  onError?: (error: SealedSessionError, context: SessionErrorContext) => void;
  /**
   * Called with what each request did to this session, for metrics and logs:
   * a token `read` (its password id, why it is resealed, its bytes, the unseal
   * time in ms), a `write` (its reason, the bytes the client sends back against
   * `maxSize`, the seal time in ms) and each `error` (`onError`'s codes).
   * `otelTelemetry()` from `@sealed-session/core/otel` records them as
   * OpenTelemetry metrics. It may be `async`; a throw or a rejection is
   * logged, never the request's failure.
   */
  telemetry?: (event: SessionEvent) => void;
}

/** A config with its defaults applied and checked, made once per config object. */
export interface ResolvedSessionConfig {
  readonly source: SessionConfig;
  readonly name: string;
  readonly header: string | undefined;
  readonly cookie: Readonly<CookieOptions> | undefined;
  readonly chunkMaxLength: number;
  readonly maxSize: number;
  readonly maxAgeMs: number;
  readonly idleTimeoutMs: number;
  /** `cookie.maxAge` in ms (0 when unset): a token sealed now expires by `now + cookieMaxAgeMs`. */
  readonly cookieMaxAgeMs: number;
  readonly seal: SealOptions;
  /** `seal` resolved once, and the password checked once, for every seal and unseal of this config. */
  readonly sealOptions: ResolvedOptions;
  readonly passwords: PasswordSet;
  readonly lazy: boolean;
}

/** The name used when a config has none. Adapters pass their own (h3's is "h3"). */
export const DEFAULT_NAME = "session";
const DEFAULT_CHUNK = 4000;
const DEFAULT_MAX_SIZE = 14_336;
// Below this many PBKDF2 iterations a guessable password is cheap to try offline.
const FEW_ITERATIONS = 1000;
// The last resolution of a config object, with the default name it was resolved with.
const resolved = new Slot<readonly [defaultName: string, config: ResolvedSessionConfig]>("sealed-session.config");
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
export function resolveSessionConfig(config: SessionConfig, defaultName: string = DEFAULT_NAME): ResolvedSessionConfig {
  if (config === null || typeof config !== "object") {
    throw new PasswordMissingError("A session config object with a password is required.");
  }
  const last = resolved.get(config);
  if (last?.[0] === defaultName) return last[1];
  const key = configKey(config);
  const id = key === undefined ? undefined : `${defaultName}\u0000${key}`;
  const result = (id !== undefined && byValue.get(id)) || build(config, defaultName);
  if (id !== undefined) byValue.set(id, result);
  resolved.set(config, [defaultName, result]);
  return result;
}

function build(config: SessionConfig, defaultName: string): ResolvedSessionConfig {
  if (config.password === undefined || config.password === null || config.password === "") {
    throw new PasswordMissingError("The session config has no password.");
  }
  if (config.seal?.encode !== undefined || config.seal?.decode !== undefined) {
    throw new OptionsInvalidError(
      "seal.encode and seal.decode are for seal()/unseal(): a session record is always JSON. Remove them from the session config.",
    );
  }
  const seal: SealOptions = { legacyFallback: config.legacySealFallback !== false, ...config.seal };
  // Validate the password and seal options now rather than on the first request.
  const sealOptions = resolveOptions(seal);
  const passwords = toPasswordSet(config.password, sealOptions.passwordId);
  // Sessions seal: the sealing id must be known. Every older secret is
  // checked too, so a weak one fails here rather than on a client's token.
  checkSecrets(sealingSecrets(passwords), sealOptions);
  for (const secrets of passwords.all) checkSecrets(secrets, sealOptions);
  warnFewIterations(passwords, sealOptions);
  const name = config.name ?? defaultName;
  if (!TOKEN_NAME.test(name)) throw new OptionsInvalidError(`Invalid session name "${name}": use letters, digits and !#$%&'*+-.^_\`|~.`);
  if (/\.\d+$/.test(name)) {
    throw new OptionsInvalidError(
      `Invalid session name "${name}": a name ending in ".<digits>" is a chunk of another session's cookie ("${name.replace(/\.\d+$/, "")}"). Choose another name.`,
    );
  }
  const maxAgeMs = lifetime("maxAge", config.maxAge, true);
  const idleTimeoutMs = lifetime("idleTimeout", config.idleTimeout, true);
  const { chunkMaxLength = DEFAULT_CHUNK, ...attributes } = config.cookie === false ? {} : (config.cookie ?? {});
  if (attributes.expires !== undefined) {
    throw new OptionsInvalidError(
      "cookie.expires is a date fixed when the config is made: every cookie written after it would arrive already expired. Use maxAge (seconds from the session's creation) or cookie.maxAge (seconds from each write) instead.",
    );
  }
  const cookieMaxAgeMs = attributes.maxAge === undefined ? 0 : lifetime("cookie.maxAge", attributes.maxAge, false);
  const cookie = config.cookie === false ? undefined : Object.freeze({ ...DEFAULT_COOKIE, ...attributes });
  if (!Number.isSafeInteger(chunkMaxLength) || chunkMaxLength < 64 || chunkMaxLength + name.length + 5 > 4096) {
    throw new OptionsInvalidError(
      `cookie.chunkMaxLength must be a whole number from 64 to ${4096 - name.length - 5} (browsers keep 4096 bytes per cookie, name included), not ${chunkMaxLength}.`,
    );
  }
  if (cookie) {
    checkCookiePrefix(name, cookie);
    try {
      serialize(name, "probe", cookie);
    } catch (cause) {
      throw new OptionsInvalidError(`The session cookie options cannot be serialized: ${(cause as Error).message}.`, { cause });
    }
  }
  const maxSize = config.maxSize ?? DEFAULT_MAX_SIZE;
  if (!Number.isSafeInteger(maxSize) || maxSize < 256)
    throw new OptionsInvalidError(`maxSize must be a whole number of bytes, at least 256, not ${maxSize}.`);
  const header = sessionHeaderOf(config.sessionHeader, name);

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
    throw new OptionsInvalidError("userKey must be a function of the session data, such as (data) => data.userId.");
  }
  return Object.freeze({
    source: config,
    name,
    header,
    cookie,
    chunkMaxLength,
    maxSize,
    maxAgeMs,
    idleTimeoutMs,
    cookieMaxAgeMs,
    seal,
    sealOptions,
    passwords,
    lazy: config.lazy === true,
  });
}

// A password (not a raw key) stretched by few PBKDF2 iterations is cheap to
// guess offline from any token: harmless for a random secret, not for a
// memorable one. Said once, not refused: iron's and iron-session's default is 1.
function warnFewIterations(passwords: PasswordSet, options: ResolvedOptions): void {
  if (!passwords.all.some((pair) => typeof pair.encryption === "string" || typeof pair.integrity === "string")) return;
  const iterations = Math.min(options.encryption.iterations, options.integrity.iterations);
  if (iterations >= FEW_ITERATIONS) return;
  warnOnce(
    "SEALED_SESSION_FEW_ITERATIONS",
    `seal iterations is ${iterations}: a password is then cheap to guess offline from any token. Keep it only with a random secret (npx sealed-session gen-password); the default is 8192.`,
  );
}

// A lifetime option in seconds, as milliseconds (0: none). Refuses what a
// browser would not keep, and the telltale of milliseconds given as seconds.
function lifetime(name: string, value: unknown, zeroIsNone: boolean): number {
  if (value === undefined || (zeroIsNone && value === 0)) return 0;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    const hint = zeroIsNone
      ? "0 or more"
      : "more than 0 (0 or less deletes the cookie as it is set; leave it out for a browser-session cookie)";
    throw new OptionsInvalidError(`${name} is a number of seconds, ${hint}; got ${String(value)}.`);
  }
  if (value > MAX_COOKIE_AGE) {
    const days = Math.round(value / 86_400);
    throw new OptionsInvalidError(
      `${name} is in seconds and at most ${MAX_COOKIE_AGE} (400 days, the longest a browser keeps a cookie); ${value} is ${days} days. Was it given in milliseconds? Then divide by 1000.`,
    );
  }
  return value * 1000;
}
