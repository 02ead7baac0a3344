/**
 * @module Staging: a session sealed with its changes and put on the response —
 * the cookie and its chunks, or the `x-<name>-session` header — after the
 * size checks, the store write (store mode) and the revocation stamp; the live
 * record then updated in place.
 */
import { type CookieWrite, MAX_CHUNKS, writeChunkedCookie } from "../cookie/chunked";
import { SessionReadOnlyError, SessionTooLargeError } from "../errors";
import { serialize } from "../seal/json";
import type { ResolvedSessionConfig } from "./config";
import type { SessionExchange } from "./port";
import { type Session, sealRecord, sessionEnd } from "./record";
import { stampGeneration } from "./revocation-check";
import type { SessionState } from "./state";
import { saveStored } from "./store-mode";
import { checkBudget, emitWrite } from "./telemetry";

/**
 * Seals `state.session` with `changes` applied and stages it: the cookie (and
 * its chunks, unless `toCookie` is false) replaces any earlier write for this
 * session in the response, and a header session gets its new token back in
 * the response header. The size is checked first: when too large, nothing
 * changes and `SessionTooLargeError` is thrown.
 */
export async function persist(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
  state: SessionState,
  changes: Partial<Session>,
  toCookie = true,
): Promise<void> {
  if (exchange.readOnly) throw new SessionReadOnlyError(c.name);
  const now = Date.now();
  const values: Session = { ...state.session, ...changes };
  if ("lastSeenAt" in changes && changes.lastSeenAt === undefined) delete values.lastSeenAt;
  if (c.idleTimeoutMs) values.lastSeenAt = now;
  if (values.flash && Object.keys(values.flash).length === 0) delete values.flash;
  if (c.source.revocation) await stampGeneration(c, state, values);
  // Built in the same key order as the in-place update below, so the JSON
  // sealed is also the session's JSON afterwards: commit()'s snapshot.
  const next = assignRecord({ ...state.session }, values);
  const toHeader = state.source === "header" && c.header !== undefined;
  const cookieWrite = c.cookie !== undefined && toCookie;
  let json: string;
  if (c.source.store) {
    // The store first: a cookie never names data that was not written.
    const pointer = await saveStored(c, state, next, now, state.isNew);
    if (pointer && (cookieWrite || toHeader))
      await stage(exchange, c, state, pointer, now, cookieWrite, toHeader);
    json = serialize(next);
  } else {
    // Nothing would carry the token (cookie: false, not a header session):
    // h3 seals nothing there either; sealSession() gives the app a token.
    json =
      cookieWrite || toHeader
        ? await stage(exchange, c, state, next, now, cookieWrite, toHeader)
        : serialize(next);
  }
  // Update in place: handlers may hold the session or its data.
  const { session } = state;
  // Own keys only: a key named "constructor" or "toString" is data like any other.
  for (const key of Object.keys(session.data))
    if (!Object.hasOwn(next.data, key)) delete session.data[key];
  Object.assign(session.data, next.data);
  assignRecord(session, { ...next, data: session.data });
  state.isNew = false;
  state.snapshot = json;
}

// Seals `next` and stages it in the cookie and/or the response header; gives the JSON it sealed.
async function stage(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
  state: SessionState,
  next: Session,
  now: number,
  toCookie: boolean,
  toHeader: boolean,
): Promise<string> {
  const started = c.source.telemetry ? performance.now() : 0;
  // A value whose token cannot fit is refused before it is encrypted (a 50 MB
  // update costs a serialization, not an encryption).
  const { token, json } = await sealRecord(next, c, now, (minimum) => {
    const budget =
      toCookie && c.cookie ? Math.min(c.maxSize, MAX_CHUNKS * c.chunkMaxLength) : c.maxSize;
    if (minimum > budget) throw new SessionTooLargeError(c.name, minimum, budget);
  });
  let write: CookieWrite | undefined;
  // What the client sends back: the cookie's chunks, or the header line.
  let bytes = toHeader && c.header ? c.header.length + 2 + token.length : 0;
  let cookieCount = 0;
  if (toCookie && c.cookie) {
    const expires = sessionEnd(next, c);
    const options = expires === undefined ? c.cookie : { ...c.cookie, expires: new Date(expires) };
    // Readers (this library and h3) join at most MAX_CHUNKS chunks: a longer
    // value would be written and never read back, so it is too large too.
    const chunkLimit = MAX_CHUNKS * c.chunkMaxLength;
    if (token.length > chunkLimit)
      throw new SessionTooLargeError(c.name, token.length, Math.min(c.maxSize, chunkLimit));
    write = writeChunkedCookie(c.name, token, options, c.chunkMaxLength, state.requestChunks);
    if (write.requestBytes > c.maxSize)
      throw new SessionTooLargeError(c.name, write.requestBytes, c.maxSize);
    cookieCount = write.cookies;
    bytes = Math.max(bytes, write.requestBytes);
  } else if (c.header && c.header.length + 2 + token.length > c.maxSize) {
    throw new SessionTooLargeError(c.name, c.header.length + 2 + token.length, c.maxSize);
  }
  exchange.stage(c.name, {
    setCookies: write?.setCookies,
    cookies: write?.staged,
    header: toHeader && c.header ? [c.header, token] : undefined,
  });
  checkBudget(c, bytes);
  if (c.source.telemetry) {
    const reason = state.resealing ?? (state.isNew ? "new" : "update");
    emitWrite(
      c,
      reason,
      write ? (toHeader && c.header ? "both" : "cookie") : "header",
      bytes,
      cookieCount,
      started,
    );
  }
  return json;
}

// Sets the record's fields in one fixed order (an absent optional field is deleted).
function assignRecord(target: Session, source: Session): Session {
  target.id = source.id;
  target.createdAt = source.createdAt;
  target.data = source.data;
  if (source.lastSeenAt === undefined) delete target.lastSeenAt;
  else target.lastSeenAt = source.lastSeenAt;
  if (source.flash === undefined) delete target.flash;
  else target.flash = source.flash;
  if (source.generation === undefined) delete target.generation;
  else target.generation = source.generation;
  return target;
}
