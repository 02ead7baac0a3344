/**
 * @module The sealed record (h3's `{ id, createdAt, data }` shape, plus idle
 * and flash fields): opened from a token and checked, sealed with its expiry.
 */
import {
  SealDataError,
  SessionExpiredError,
  SessionInvalidError,
  SessionLegacyError,
  SessionSchemaError,
} from "../errors";
import { serialize } from "../seal/json";
import type { TokenFormat, UnsealedText } from "../seal/types";
import type { ResolvedSessionConfig } from "./config";
import type { ResealReason } from "./events";

// biome-ignore lint/suspicious/noExplicitAny: session data is the application's JSON, typed loosely as in h3's SessionData.
type Json = any;

/** Session data: a JSON object (narrow it with the type parameter of `useSession<T>`). */
export type SessionData = Record<string, Json>;

/**
 * The record sealed into the cookie: h3's shape, so cookies move between h3's
 * own sessions and this library with the same password.
 */
export interface Session<T extends SessionData = SessionData> {
  /** Random id of the session (a UUID by default). */
  id: string;
  /** When the session was created, in milliseconds since the epoch. */
  createdAt: number;
  /** When the session was last resealed, in milliseconds since the epoch (kept with `idleTimeout`). */
  lastSeenAt?: number;
  /** The application's data. */
  data: T;
  /** One-read values set by `flash()`, consumed by `consumeFlash()`. */
  flash?: Record<string, unknown>;
  /** With revocation: the generation of the session's user it was signed in under (see `revokeAll`). */
  generation?: number;
}

/** A token opened into a record, and whether it deserves a reseal now. */
export interface OpenedRecord {
  readonly session: Session;
  /** `JSON.stringify(session)` when known for free (the decrypted text, unless a schema changed the data). */
  readonly json: string | undefined;
  /** Why it deserves a reseal now (1 iteration, an older password id, past half its idle window), or `undefined`. */
  readonly reseal: ResealReason | undefined;
  /** The password id it was sealed with (`""` for none). */
  readonly passwordId: string;
  /** Its format: `"Fe26.2"`, `"Fe26.2@1"` for a legacy token sealed at 1 iteration, or `"Fe26.3"`. */
  readonly format: TokenFormat;
  /** `json` parsed and deep-frozen, for a remembered token: `commit()` compares the data with it. */
  readonly pristine: Session | undefined;
}

/**
 * Unseals a token into a session record and checks it: shape, `maxAge`,
 * `idleTimeout` and the schema. Throws the typed reason of a refusal.
 */
export async function openRecord(
  token: string,
  config: ResolvedSessionConfig,
  now = Date.now(),
): Promise<OpenedRecord> {
  const info = config.sealer.recall(token) ?? (await config.sealer.unsealText(token));
  const opened = checkRecord(info, config, now);
  // In store mode the token holds no data: the store's is checked when attached.
  if (!config.source.schema || config.source.store) return opened;
  const data = await validateData(config, opened.session.data);
  if (data === opened.session.data) return opened;
  return { ...opened, session: { ...opened.session, data }, json: undefined, pristine: undefined };
}

/**
 * `openRecord` for a token this process remembers, under a config with no
 * schema: no crypto and no await, the common read. `undefined` when the
 * token needs the full path (which then also reports a refusal).
 */
export function openRememberedRecord(
  token: string,
  config: ResolvedSessionConfig,
): OpenedRecord | undefined {
  if (config.source.schema) return undefined;
  try {
    const info = config.sealer.recall(token);
    return info && checkRecord(info, config, Date.now());
  } catch {
    return undefined;
  }
}

// The record's shape and lifetimes, and whether it deserves a reseal now.
function checkRecord(info: UnsealedText, config: ResolvedSessionConfig, now: number): OpenedRecord {
  const session = info.data as Partial<Session> | null;
  if (!isRecord(session)) throw new SessionInvalidError();
  let json: string | undefined = info.json;
  let pristine: unknown = info.tree;
  const bound = session as { b?: unknown };
  // A legacy format never carried a binding: read unbound, resealed bound.
  if (config.purpose !== undefined && !(info.legacy && bound.b === undefined)) {
    // Bound (`bind`): made for this cookie and audience, or refused. The
    // binding is taken off, so the session and its JSON are the app's alone.
    const suffix = bindingOf(config.purpose);
    if (bound.b !== config.purpose || (json !== undefined && !json.endsWith(suffix)))
      throw new SessionInvalidError("The token was made for another cookie or audience (bind).");
    delete bound.b;
    json = json === undefined ? undefined : `${json.slice(0, -suffix.length)}}`;
    pristine = undefined;
  }
  if (config.maxAgeMs && now - session.createdAt > config.maxAgeMs)
    throw new SessionExpiredError("maxAge");
  const lastSeenAt = session.lastSeenAt || session.createdAt;
  if (config.idleTimeoutMs && now - lastSeenAt > config.idleTimeoutMs)
    throw new SessionExpiredError("idleTimeout");
  // A legacy format past acceptLegacyUntil: authentic, and still refused.
  if (info.legacy && now > config.legacyUntilMs) throw new SessionLegacyError(info.format);
  // Reseal at most once per half idle window: often enough that an active
  // user never reaches the timeout, rarely enough that most requests write
  // no cookie at all.
  const slide = config.idleTimeoutMs > 0 && now - lastSeenAt > config.idleTimeoutMs / 2;
  const reseal = info.stalePassword
    ? "password"
    : info.legacy
      ? "legacy"
      : slide
        ? "idle"
        : undefined;
  return {
    session,
    json,
    reseal,
    passwordId: info.passwordId,
    format: info.format,
    pristine: pristine as Session | undefined,
  };
}

// The JSON a bound record ends with: its binding, the record's last member.
const bindingOf = (purpose: string) => `,"b":${JSON.stringify(purpose)}}`;

/** Seals a record with the token's own expiry set to the session's; gives the JSON it sealed too. */
export async function sealRecord(
  session: Session,
  config: ResolvedSessionConfig,
  now: number,
  /** Called with the least length the token can have, before anything is encrypted; may throw. */
  checkLength?: (minimum: number) => void,
): Promise<{ token: string; json: string }> {
  const expires = tokenExpiry(session, config, now);
  const ttl = expires === undefined ? config.sealer.options.ttl : Math.max(1, expires - now);
  const json = serialize(session);
  // Bound: the binding goes inside the token, under its MAC; the JSON given back is the session's.
  const sealed =
    config.purpose === undefined ? json : json.slice(0, -1) + bindingOf(config.purpose);
  // The ciphertext alone, in base64url, is at least 4/3 of the JSON's length.
  checkLength?.(Math.ceil((sealed.length * 4) / 3));
  return { token: await config.sealer.sealJson(sealed, now, ttl), json };
}

/** When the session ends: `maxAge` after creation or `idleTimeout` after it was last seen, whichever is first. */
export function sessionEnd(session: Session, config: ResolvedSessionConfig): number | undefined {
  let end = Number.POSITIVE_INFINITY;
  if (config.maxAgeMs) end = session.createdAt + config.maxAgeMs;
  if (config.idleTimeoutMs)
    end = Math.min(end, (session.lastSeenAt || session.createdAt) + config.idleTimeoutMs);
  return end === Number.POSITIVE_INFINITY ? undefined : end;
}

/**
 * When a token of the session sealed at `now` expires, in ms since the epoch:
 * at the session's end, or when the cookie written with it does
 * (`cookie.maxAge` after `now`) if that is sooner; `undefined` for never.
 */
export function tokenExpiry(
  session: Session,
  config: ResolvedSessionConfig,
  now: number,
): number | undefined {
  const end = sessionEnd(session, config);
  if (!config.cookieMaxAgeMs) return end;
  return Math.min(end ?? Number.POSITIVE_INFINITY, now + config.cookieMaxAgeMs);
}

/** Checks `data` against the config's schema (if any) and returns the schema's output. */
export async function validateData(
  config: ResolvedSessionConfig,
  data: unknown,
): Promise<SessionData> {
  const schema = config.source.schema;
  if (!schema) return data as SessionData;
  const result = await schema["~standard"].validate(data);
  if (result.issues) throw new SessionSchemaError(result.issues);
  return result.value as SessionData;
}

/** A deep copy through JSON: exactly what sealing would keep. */
export function copyData(data: SessionData): SessionData {
  try {
    return JSON.parse(JSON.stringify(data)) as SessionData;
  } catch (cause) {
    throw new SealDataError(
      "Session data cannot be serialized to JSON (it holds a BigInt or a cycle).",
      { cause },
    );
  }
}

function isRecord(value: Partial<Session> | null): value is Session {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof value.id === "string" &&
    value.id !== "" &&
    typeof value.createdAt === "number" &&
    (value.lastSeenAt === undefined || typeof value.lastSeenAt === "number") &&
    (value.generation === undefined ||
      (typeof value.generation === "number" && Number.isSafeInteger(value.generation))) &&
    typeof value.data === "object" &&
    value.data !== null &&
    !Array.isArray(value.data)
  );
}
