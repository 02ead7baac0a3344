/**
 * @module Opening: the request's session, loaded once per request and name —
 * its token read from the header or the chunked cookie, unsealed and checked
 * (store, revocation), and resealed in this response when it asks for it.
 */
import { readChunkedCookie } from "../cookie/chunked";
import { serialize } from "../seal/json";
import type { ResolvedSessionConfig } from "./config";
import { migrate } from "./migrate";
import type { SessionExchange } from "./port";
import { type OpenedRecord, openRecord, openRememberedRecord } from "./record";
import { report } from "./report";
import { checkRevocation } from "./revocation-check";
import { persist } from "./stage";
import { SessionState, states } from "./state";
import { attachStored, pointerOf } from "./store-mode";
import { emit } from "./telemetry";

/**
 * The session of this request, loaded once: from the `x-<name>-session`
 * header, else the (possibly chunked) cookie. A missing, forged, expired or
 * otherwise refused token gives a fresh session and an `onError` call, never
 * an exception. Tokens sealed at 1 iteration, under an older password id or
 * past half their idle window are resealed in this response.
 */
export function loadSession(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
): SessionState | Promise<SessionState> {
  const byName = states.get(exchange.key) ?? states.set(exchange.key, new Map());
  let state = byName.get(c.name);
  if (!state) {
    const cookie = readChunkedCookie(exchange.getRequestHeader("cookie"), c.name);
    const header = c.header ? exchange.getRequestHeader(c.header) || undefined : undefined;
    const token = header ?? cookie.value;
    state = new SessionState(
      c.source,
      token === undefined ? undefined : header === undefined ? "cookie" : "header",
      cookie.chunks,
    );
    byName.set(c.name, state);
    // A token this process remembers, under a config with nothing to await
    // (no store, revocation or telemetry), opens at once: no promise hops.
    const remembered =
      token === undefined || c.source.store || c.source.revocation || c.source.telemetry
        ? undefined
        : openRememberedRecord(token, c);
    // A reseal falls due on a read-only exchange: read now, write on a later request.
    if (remembered && (!remembered.reseal || exchange.readOnly)) adopt(c, state, remembered);
    else if (token !== undefined) state.pending = open(exchange, c, state, token);
    else if (c.migrations.length > 0) {
      const migrating = migrate(exchange, c, state);
      if (migrating) state.pending = migrated(c, state, migrating);
    }
  }
  return state.pending ? loaded(state) : state;
}

async function loaded(state: SessionState): Promise<SessionState> {
  while (state.pending) await state.pending;
  return state;
}

// The state takes the session a token brought.
function adopt(c: ResolvedSessionConfig, state: SessionState, opened: OpenedRecord): void {
  const { session } = opened;
  state.session = session;
  state.loadedId = session.id;
  state.isNew = false;
  state.snapshot = undefined;
  // In store mode the token's text is the pointer, not the session.
  state.sourceJson = c.source.store ? undefined : opened.json;
  state.pristine = c.source.store ? undefined : opened.pristine;
}

async function open(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
  state: SessionState,
  token: string,
): Promise<void> {
  try {
    const started = c.source.telemetry ? performance.now() : 0;
    const opened = await openRecord(token, c);
    const { session, json, reseal, passwordId, format } = opened;
    if (c.source.store)
      await attachStored(c, state, session, json ?? serialize(pointerOf(session)));
    if (c.source.revocation) await checkRevocation(c, state, session);
    adopt(c, state, opened);
    // A header client is not a cookie client: its automatic reseal goes back
    // in the response header only, and leaves the browser's cookie alone.
    if (c.source.telemetry) {
      const source = state.source ?? "cookie";
      emit(c, {
        type: "read",
        name: c.name,
        source,
        passwordId,
        reseal,
        format,
        bytes: token.length,
        durationMs: performance.now() - started,
      });
    }
    if (reseal && !exchange.readOnly) {
      state.resealing = reseal;
      await persist(exchange, c, state, {}, state.source !== "header")
        .catch((error: unknown) => report(c, state, error))
        .finally(() => {
          state.resealing = undefined;
        });
    }
  } catch (error) {
    // Refused as ours: perhaps another library's cookie under our name.
    const migrating =
      c.migrations.length > 0 && state.source === "cookie"
        ? migrate(exchange, c, state)
        : undefined;
    if (migrating) return await migrated(c, state, migrating);
    try {
      report(c, state, error);
    } finally {
      state.source = undefined;
    }
  } finally {
    state.pending = undefined;
  }
}

// A session another library wrote, taken over; its refusal reported as ours would be.
async function migrated(
  c: ResolvedSessionConfig,
  state: SessionState,
  migrating: Promise<boolean>,
): Promise<void> {
  try {
    await migrating;
  } catch (error) {
    try {
      report(c, state, error);
    } finally {
      state.source = undefined;
      state.renew();
      state.isNew = true;
    }
  } finally {
    state.pending = undefined;
  }
}
