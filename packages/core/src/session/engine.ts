import { expireChunkedCookie, MAX_CHUNKS, readChunkedCookie, writeChunkedCookie } from "../cookie/chunked";
import { OptionsInvalidError, SessionConflictError, SessionTooLargeError } from "../errors";
import { crypto } from "../seal/provider";
import { serialize } from "../seal/seal";
import { type ResolvedSessionConfig, resolveSessionConfig, type SessionConfig } from "./config";
import type { ResealReason } from "./events";
import { copyData, openRecord, type Session, type SessionData, sealRecord, sessionEnd, validateData } from "./record";
import { report } from "./report";
import { checkRevocation, revokeLoaded, stampGeneration } from "./revoked";
import { Slot } from "./slot";
import { attachStored, pointerOf, reloadStored, removeStored, type StoredState, saveStored } from "./stored";
import { checkBudget, emit, emitWrite } from "./telemetry";

/**
 * The port: what an adapter gives the core for one request. It reads request
 * headers, puts one named session's cookies and header on the response, and
 * names the request. Every session rule lives in the core; an adapter only
 * fills this in (`stageOnHeaders` and `nodeExchange` do the staging).
 */
export interface SessionExchange {
  /** A request header by lower-case name (`undefined` or `null` when absent). */
  getRequestHeader(name: string): string | null | undefined;
  /**
   * Puts what session `name` needs on the response: its `Set-Cookie` values
   * replace every one staged for it before (main cookie and chunks `name.N`;
   * other cookies stay), and `header` is set when given.
   */
  stage(name: string, staged: StagedSession): void;
  /** An object unique to this request: per-request session state is kept against it. */
  readonly key: object;
  /** The session name when the config has none (h3's is `"h3"`). @default "session" */
  readonly defaultName?: string;
}

/** What one session puts on a response. */
export interface StagedSession {
  /** The session's `Set-Cookie` values, in place of those staged for it before. */
  readonly setCookies?: readonly string[];
  /** A response header to set: a header session's new token in `x-<name>-session` (empty when cleared). */
  readonly header?: readonly [name: string, value: string];
}

/** Per request and session name: the live record and what this response did with it. */
export class SessionState implements StoredState {
  #session: Session | undefined;
  /** Where the request's token came from, if anywhere. */
  source: "cookie" | "header" | undefined;
  /** Created in this request and not yet written. */
  isNew = true;
  /** The id of the session the request's token carried, until `clear()` or `regenerate()` drops it. */
  loadedId: string | undefined;
  cleared = false;
  /**
   * The session as JSON when last sealed or first handed out, for `commit()`
   * to compare with. `undefined` after a load until the data is first exposed
   * (`exposeData`), which then takes the decrypted text as it is: reading a
   * session costs no serialization until `commit()`.
   */
  snapshot: string | undefined = "";
  /** The decrypted text of the request's token (`JSON.stringify` of the loaded session). */
  sourceJson: string | undefined;
  /** The pending load, shared by concurrent calls. */
  pending: Promise<void> | undefined;
  /** Writes run one after another, so none is lost and none resurrects a cleared session. */
  queue: Promise<unknown> = Promise.resolve();
  /** Writes queued and not yet settled: 0 means `queue` is idle. */
  inflight = 0;
  // Store mode (see stored.ts).
  version = 0;
  storedId: string | undefined;
  pointerJson: string | undefined;
  storedUser: string | undefined;
  /** Set while the token read is being resealed: the write event's reason. */
  resealing: ResealReason | undefined;
  /** With revocation: the user (key segment) the session's `generation` was stamped for. */
  stampedFor: string | undefined;

  constructor(
    private readonly config: SessionConfig,
    source: "cookie" | "header" | undefined,
    /** The chunk cookies the request carried: a write or clear expires the ones it no longer uses. */
    readonly requestChunks: readonly number[],
  ) {
    this.source = source;
  }

  /**
   * The live record. A new one is made only when first needed (no token, a
   * refused one, or after `clear()`), and its id — `generateId` — only when
   * first read: never for a session a valid token brings, nor for one nobody
   * looks at.
   */
  get session(): Session {
    this.#session ??= fresh(this.config);
    return this.#session;
  }

  set session(session: Session) {
    this.#session = session;
  }

  /** Drops the record: the next use starts a new session. */
  renew(): void {
    this.#session = undefined;
  }
}

const states = new Slot<Map<string, SessionState>>("sealed-session.states");

/**
 * The session of this request, loaded once: from the `x-<name>-session`
 * header, else the (possibly chunked) cookie. A missing, forged, expired or
 * otherwise refused token gives a fresh session and an `onError` call, never
 * an exception. Tokens sealed at 1 iteration, under an older password id or
 * past half their idle window are resealed in this response.
 */
export async function loadSession(exchange: SessionExchange, config: SessionConfig): Promise<SessionState> {
  const c = resolveSessionConfig(config, exchange.defaultName);
  const byName = states.get(exchange.key) ?? states.set(exchange.key, new Map());
  let state = byName.get(c.name);
  if (!state) {
    const cookie = readChunkedCookie(exchange.getRequestHeader("cookie"), c.name);
    const header = c.header ? exchange.getRequestHeader(c.header) || undefined : undefined;
    const token = header ?? cookie.value;
    state = new SessionState(config, token === undefined ? undefined : header === undefined ? "cookie" : "header", cookie.chunks);
    byName.set(c.name, state);
    if (token !== undefined) state.pending = open(exchange, c, state, token);
  }
  while (state.pending) await state.pending;
  return state;
}

async function open(exchange: SessionExchange, c: ResolvedSessionConfig, state: SessionState, token: string): Promise<void> {
  try {
    const started = c.source.telemetry ? performance.now() : 0;
    const { session, json, reseal, passwordId } = await openRecord(token, c);
    if (c.source.store) await attachStored(c, state, session, json ?? serialize(pointerOf(session)));
    if (c.source.revocation) await checkRevocation(c, state, session);
    state.session = session;
    state.loadedId = session.id;
    state.isNew = false;
    state.snapshot = undefined;
    // In store mode the token's text is the pointer, not the session.
    state.sourceJson = c.source.store ? undefined : json;
    // A header client is not a cookie client: its automatic reseal goes back
    // in the response header only, and leaves the browser's cookie alone.
    if (c.source.telemetry) {
      const source = state.source ?? "cookie";
      emit(c, { type: "read", name: c.name, source, passwordId, reseal, bytes: token.length, durationMs: performance.now() - started });
    }
    if (reseal) {
      state.resealing = reseal;
      await persist(exchange, c, state, {}, state.source !== "header")
        .catch((error: unknown) => report(c, state, error))
        .finally(() => {
          state.resealing = undefined;
        });
    }
  } catch (error) {
    try {
      report(c, state, error);
    } finally {
      state.source = undefined;
    }
  } finally {
    state.pending = undefined;
  }
}

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
    if (pointer && (cookieWrite || toHeader)) await stage(exchange, c, state, pointer, now, cookieWrite, toHeader);
    json = serialize(next);
  } else {
    // Nothing would carry the token (cookie: false, not a header session):
    // h3 seals nothing there either; sealSession() gives the app a token.
    json = cookieWrite || toHeader ? await stage(exchange, c, state, next, now, cookieWrite, toHeader) : serialize(next);
  }
  // Update in place: handlers may hold the session or its data.
  const { session } = state;
  // Own keys only: a key named "constructor" or "toString" is data like any other.
  for (const key of Object.keys(session.data)) if (!Object.hasOwn(next.data, key)) delete session.data[key];
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
    const budget = toCookie && c.cookie ? Math.min(c.maxSize, MAX_CHUNKS * c.chunkMaxLength) : c.maxSize;
    if (minimum > budget) throw new SessionTooLargeError(c.name, minimum, budget);
  });
  let cookies: string[] | undefined;
  // What the client sends back: the cookie's chunks, or the header line.
  let bytes = toHeader && c.header ? c.header.length + 2 + token.length : 0;
  let cookieCount = 0;
  if (toCookie && c.cookie) {
    const expires = sessionEnd(next, c);
    const options = expires === undefined ? c.cookie : { ...c.cookie, expires: new Date(expires) };
    // Readers (this library and h3) join at most MAX_CHUNKS chunks: a longer
    // value would be written and never read back, so it is too large too.
    const chunkLimit = MAX_CHUNKS * c.chunkMaxLength;
    if (token.length > chunkLimit) throw new SessionTooLargeError(c.name, token.length, Math.min(c.maxSize, chunkLimit));
    const write = writeChunkedCookie(c.name, token, options, c.chunkMaxLength, state.requestChunks);
    if (write.requestBytes > c.maxSize) throw new SessionTooLargeError(c.name, write.requestBytes, c.maxSize);
    cookies = write.setCookies;
    cookieCount = write.cookies;
    bytes = Math.max(bytes, write.requestBytes);
  } else if (c.header && c.header.length + 2 + token.length > c.maxSize) {
    throw new SessionTooLargeError(c.name, c.header.length + 2 + token.length, c.maxSize);
  }
  exchange.stage(c.name, { setCookies: cookies, header: toHeader && c.header ? [c.header, token] : undefined });
  checkBudget(c, bytes);
  if (c.source.telemetry) {
    const reason = state.resealing ?? (state.isNew ? "new" : "update");
    emitWrite(c, reason, cookies ? (toHeader && c.header ? "both" : "cookie") : "header", bytes, cookieCount, started);
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

/** Merges `update` into a copy of the data, validates it, then seals; the live data changes only once sealed. */
export async function updateState(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
  state: SessionState,
  update: SessionUpdate | undefined,
): Promise<void> {
  // In store mode, a write that meets a newer one of the same session starts
  // again on top of it: the update (patch or function) is applied again, or
  // commit()'s in-place changes are replayed key by key.
  const retries = c.source.store?.retries ?? 0;
  for (let attempt = 1; ; attempt++) {
    // A copy, so a failed seal leaves the data as it was; commit() (no update)
    // seals the data the handler already changed in place.
    const data = update === undefined ? state.session.data : copyData(state.session.data);
    const patch = typeof update === "function" ? update(data) : update;
    if (patch) Object.assign(data, patch);
    try {
      await persist(exchange, c, state, { data: await validateData(c, data) });
      return;
    } catch (error) {
      if (!(error instanceof SessionConflictError) || !c.source.store) throw error;
      if (attempt > retries) throw new SessionConflictError(attempt);
      await backOff(attempt);
      await reloadStored(c, state, state.session, update === undefined ? state.snapshot || undefined : undefined);
    }
  }
}

// Before retry `attempt` of a write that met a newer one: a pause drawn at
// random up to 4 ms × 2^attempt (at most 250 ms), so writes that collided
// spread out instead of colliding again in step.
function backOff(attempt: number): Promise<void> {
  const ceiling = Math.min(250, 4 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * Expires the cookie and its chunks (`Max-Age=0`); what follows in this
 * request starts a new, empty session. With revocation, the id the request's
 * token carried is revoked too.
 */
export async function clearState(exchange: SessionExchange, c: ResolvedSessionConfig, state: SessionState): Promise<void> {
  const dropped = state.loadedId;
  state.loadedId = undefined;
  state.renew();
  state.isNew = true;
  state.cleared = true;
  state.snapshot = "";
  exchange.stage(c.name, {
    setCookies: c.cookie ? expireChunkedCookie(c.name, c.cookie, state.requestChunks) : undefined,
    header: state.source === "header" && c.header ? [c.header, ""] : undefined,
  });
  if (dropped !== undefined) await revokeLoaded(c, state, dropped);
  if (c.source.store) await removeStored(c, state).catch((error: unknown) => report(c, state, error));
}

/**
 * Resolves once every session of the request keyed `key` has loaded and run
 * every write queued so far, including writes queued by those writes. Never
 * rejects: a failed write rejects the promise its caller holds.
 */
export async function settle(key: object): Promise<void> {
  const byName = states.get(key);
  if (!byName) return;
  for (;;) {
    const waits = [...byName.values()].map((state) => [state.pending, state.queue] as const);
    await Promise.all(waits.flat());
    const moved = [...byName.values()].some((state, i) => state.pending !== undefined || state.queue !== waits[i]?.[1]);
    if (!moved && byName.size === waits.length) return;
  }
}

/** Runs `task` after every write already queued for this session (whether they failed or not). */
export function enqueue<R>(state: SessionState, task: () => R | Promise<R>): Promise<R> {
  state.inflight++;
  const run = state.queue.then(task, task);
  const settled = () => {
    state.inflight--;
  };
  state.queue = run.then(settled, settled);
  return run;
}

/** A patch to merge into the data, or a function that edits a copy of it (and may return a patch). */
export type SessionUpdate<T extends SessionData = SessionData> = Partial<T> | ((data: T) => Partial<T> | undefined);

/** Takes the snapshot `commit()` compares against before the data can be changed in place. */
export function exposeData(state: SessionState): Session {
  state.snapshot ??= state.sourceJson ?? snapshotOf(state.session) ?? "";
  return state.session;
}

/**
 * The session as JSON: what `commit()` compares. `undefined` when it cannot
 * be written (a BigInt, a cycle, nesting too deep): it then counts as
 * changed, and the write throws the typed `SealDataError` before staging.
 */
export function snapshotOf(session: Session): string | undefined {
  try {
    return JSON.stringify(session);
  } catch {
    return undefined;
  }
}

/**
 * A new, empty session record. Its id is made (`generateId`) when first read
 * — by the app, or by the seal that writes it — so a session that is only
 * looked at, or cleared and left empty, costs no id (as in h3).
 */
export function fresh(config: SessionConfig): Session {
  const session = {} as Session;
  Object.defineProperty(session, "id", {
    enumerable: true,
    configurable: true,
    get(this: Session) {
      const id = config.generateId ? checkedId(config.generateId()) : (config.crypto?.randomUUID() ?? crypto.randomUUID());
      fixId(this, id);
      return id;
    },
    set(this: Session, id: string) {
      fixId(this, id);
    },
  });
  session.createdAt = Date.now();
  session.data = {};
  return session;
}

// A session id from generateId: a string a token can carry. Anything else
// would lose every session silently, so it is a configuration error.
function checkedId(id: unknown): string {
  if (typeof id !== "string" || id === "") {
    throw new OptionsInvalidError(`generateId must return a non-empty string, not ${id === "" ? "an empty string" : typeof id}.`);
  }
  return id;
}

// Replaces the lazy id by a plain value, in place (the key keeps its position: `id` stays first in JSON).
function fixId(session: Session, id: string): void {
  Object.defineProperty(session, "id", { value: id, writable: true, enumerable: true, configurable: true });
}
