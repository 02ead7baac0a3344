/**
 * @module Committing: an update merged into a copy of the data, validated and
 * staged (started again on top of a newer write in store mode), and a clear
 * that expires the cookie, revokes the dropped id and deletes the stored record.
 */
import { expireChunkedCookie } from "../cookie/chunked";
import { SessionConflictError, SessionReadOnlyError } from "../errors";
import type { ResolvedSessionConfig } from "./config";
import type { SessionExchange } from "./port";
import { copyData, validateData } from "./record";
import { report } from "./report";
import { revokeLoaded } from "./revocation-check";
import { persist } from "./stage";
import type { SessionState, SessionUpdate } from "./state";
import { reloadStored, removeStored } from "./store-mode";

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
      await reloadStored(
        c,
        state,
        state.session,
        update === undefined ? state.snapshot || undefined : undefined,
      );
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
export async function clearState(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
  state: SessionState,
): Promise<void> {
  if (exchange.readOnly) throw new SessionReadOnlyError(c.name);
  const dropped = state.loadedId;
  state.loadedId = undefined;
  state.renew();
  state.isNew = true;
  state.cleared = true;
  state.snapshot = "";
  exchange.stage(c.name, {
    ...(c.cookie ? expireChunkedCookie(c.name, c.cookie, state.requestChunks) : {}),
    header: state.source === "header" && c.header ? [c.header, ""] : undefined,
  });
  if (dropped !== undefined) await revokeLoaded(c, state, dropped);
  if (c.source.store)
    await removeStored(c, state).catch((error: unknown) => report(c, state, error));
}
