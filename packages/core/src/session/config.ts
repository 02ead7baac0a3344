/**
 * @module The session config: its options (`SessionConfig`), what they
 * resolve to (`ResolvedSessionConfig`) and the defaults (`resolve.ts` builds it).
 */
import type { CookieOptions } from "../cookie/chunked";
import type { SealedSessionError } from "../errors";
import type { SealOptions } from "../seal/options";
import type { Password } from "../seal/password";
import type { TokenSealer } from "../seal/sealer";
import type { Revocation } from "../store/revocation";
import type { SessionStore } from "../store/sessions";
import type { SessionEvent } from "./events";
import type { MigrationReader, SessionMigration } from "./sources";
import type { StandardSchemaV1 } from "./standard-schema";

export type {
  IronSessionMigration,
  MigratedCookie,
  MigrationReader,
  ReactRouterMigration,
  SessionMigration,
  SvelteKitCookieSessionMigration,
} from "./sources";

/** Secure defaults of the session cookie, applied under `config.cookie`. */
export const DEFAULT_COOKIE: Readonly<CookieOptions> = Object.freeze({
  path: "/",
  secure: true,
  httpOnly: true,
  sameSite: "lax",
});

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
  /**
   * Sessions another library wrote, taken over so that switching logs no one
   * out: when a request carries no session of ours (or one we refuse), each
   * source in turn reads its cookie, and the first found becomes this
   * session — new id, its data — written as ours in the same response, the
   * old cookies expired. `[{ from: "iron-session" }]` reads iron-session 8
   * and 9 cookies under this session's name and password.
   */
  migrateFrom?: readonly SessionMigration[];
  /**
   * When the legacy formats stop being read: tokens sealed at 1 PBKDF2
   * iteration (`legacySealFallback`) and every `migrateFrom` source. After
   * this moment (a `Date`, ms since the epoch, or an ISO date string) an
   * authentic token in one of them is refused as `SessionLegacyError`
   * (`ERR_SESSION_LEGACY`) and the request gets a fresh session. Watch the
   * `format` of telemetry's reads fall to zero, then set it.
   */
  acceptLegacyUntil?: Date | number | string;
  /**
   * Binds every token to what it was made for, sealed inside it (under its
   * MAC) and checked on each read: the cookie's `name` (on unless
   * `name: false`) and an `audience` of your own (an app, a purpose). A
   * token made for another cookie or audience — or one with no binding, as
   * h3's and this library's without `bind` — is refused
   * (`ERR_SESSION_INVALID`), even under the same password. Other iron
   * readers still unseal bound tokens; they just do not check the binding.
   *
   * A token in a legacy format (`Fe26.2@1`; `Fe26.2` once `seal.format` is
   * `"Fe26.3"`) never carried a binding: read unbound until
   * `acceptLegacyUntil`, it is resealed bound on first use.
   * @default `{ name: true }` when `seal.format` is `"Fe26.3"` (no token of
   * that format predates binding), else off (h3 compatibility)
   */
  bind?: false | { readonly name?: boolean; readonly audience?: string };
  /**
   * Session-bound CSRF (`session.csrfToken()`, `session.verifyCsrf()`, and
   * each adapter's `csrf` middleware): `trustedOrigins` are other origins
   * whose pages may post here (`"https://app.example.com"`, checked at
   * start-up). Requests from any other site are refused by their
   * `Sec-Fetch-Site` or `Origin` before the token is looked at.
   * @default { trustedOrigins: [] }
   */
  csrf?: { readonly trustedOrigins?: readonly string[] };
  /**
   * Names the cookie `__Host-<name>` (or `__Host-Http-<name>`): the browser
   * then keeps it only if it is `Secure`, `Path=/` and has no `Domain` (and,
   * for `__Host-Http-`, `HttpOnly`), so no subdomain and no plain-http page
   * can set or shadow it (OWASP ASVS). Those attributes are checked at
   * start-up. On a development host (`localhost`, `127.0.0.1`, `[::1]`)
   * outside production (`NODE_ENV`), the cookie keeps its plain name, as
   * Safari drops `Secure` cookies over plain http.
   * @default false (the new bindings — Fastify, Elysia, SvelteKit, React Router's middleware — default to "__Host-")
   */
  cookiePrefix?: "__Host-" | "__Host-Http-" | false;
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
  /** The password and `seal` options resolved and checked once, for every seal and unseal of this config. */
  readonly sealer: TokenSealer;
  readonly lazy: boolean;
  /** `migrateFrom`, resolved: empty when none. */
  readonly migrations: readonly MigrationReader[];
  /** `acceptLegacyUntil` in ms since the epoch (`Infinity` when unset). */
  readonly legacyUntilMs: number;
  /** What `bind` binds tokens to (`name`, NUL, `audience`), or `undefined` when off. */
  readonly purpose: string | undefined;
  /** `csrf.trustedOrigins`, checked. */
  readonly csrfOrigins: ReadonlySet<string>;
  /** With `cookiePrefix` outside production: the same config by its plain name, for development hosts. */
  readonly local: ResolvedSessionConfig | undefined;
}

/**
 * The defaults of a binding with no compatibility to keep (a framework whose
 * users had no sealed sessions of this shape before): tokens bound to their
 * cookie (`bind`) and a `__Host-` cookie (`cookiePrefix`). Adapters put it
 * on their exchange (`defaults`); a config turns either off.
 */
export const SECURE_DEFAULTS: Readonly<Partial<SessionConfig>> = Object.freeze({
  bind: Object.freeze({}),
  cookiePrefix: "__Host-",
});

/** The name used when a config has none. Adapters pass their own (h3's is "h3"). */
export const DEFAULT_NAME = "session";
