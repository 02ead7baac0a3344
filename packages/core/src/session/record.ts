/**
 * @module The sealed record (h3's `{ id, createdAt, data }` shape, plus idle
 * and flash fields): opened from a token and checked, sealed with its expiry.
 */
import {
  SealDataError,
  SessionExpiredError,
  SessionInvalidError,
  SessionSchemaError,
} from "../errors";
import { serialize } from "../seal/json";
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
  const info = await config.sealer.unsealText(token);
  const record = info.data as Partial<Session> | null;
  if (!isRecord(record)) throw new SessionInvalidError();
  if (config.maxAgeMs && now - record.createdAt > config.maxAgeMs)
    throw new SessionExpiredError("maxAge");
  const lastSeenAt = record.lastSeenAt || record.createdAt;
  if (config.idleTimeoutMs && now - lastSeenAt > config.idleTimeoutMs)
    throw new SessionExpiredError("idleTimeout");
  // No schema: no await either (a read with a remembered token stays a few
  // microtask hops). In store mode the token holds no data: the store's is
  // checked when attached.
  const data =
    config.source.schema && !config.source.store
      ? await validateData(config, record.data)
      : record.data;
  const session: Session = data === record.data ? record : { ...record, data };
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
    json: session === record ? info.json : undefined,
    reseal,
    passwordId: info.passwordId,
  };
}

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
  // The ciphertext alone, in base64url, is at least 4/3 of the JSON's length.
  checkLength?.(Math.ceil((json.length * 4) / 3));
  return { token: await config.sealer.sealJson(json, now, ttl), json };
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
