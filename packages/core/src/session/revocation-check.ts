/**
 * @module Revocation at the session's seams: a read checks the session's id and
 * its user's generation; a sign-in stamps the generation; a dropped id is
 * revoked.
 */
import { SessionRevokedError, type StoreUnavailableError } from "../errors";
import { sessionUser } from "../store/keys";
import type { ResolvedSessionConfig, SessionConfig } from "./config";
import type { Session } from "./record";
import { report } from "./report";

type State = { readonly source: "cookie" | "header" | undefined; stampedFor?: string | undefined };

// Throws SessionRevokedError for a revoked session. When the store fails,
// onError hears of it, and the session is refused ("closed") or kept ("open").
export async function checkRevocation(
  c: ResolvedSessionConfig,
  state: State,
  session: Session,
): Promise<void> {
  const revocation = c.source.revocation as NonNullable<SessionConfig["revocation"]>;
  let revoked: "session" | "user" | undefined;
  try {
    revoked = await revocation.check(session, c.source.userKey?.(session.data));
  } catch (error) {
    if (revocation.onStoreError === "closed") throw error;
    report(c, state, error);
    return;
  }
  if (revoked) throw new SessionRevokedError(revoked);
  if (session.generation !== undefined)
    state.stampedFor = sessionUser(c.source.userKey?.(session.data));
}

/**
 * Stamps `record` with the generation its user has in the store now (read
 * there, never from a cache), when it gains a user or changes user: a
 * `revokeAll` bumps the generation, so the sessions stamped before it are
 * refused, whatever any server's clock says. A record keeps its stamp
 * through updates and `regenerate()` (a new id does not escape a
 * `revokeAll`), and drops it with its user.
 */
export async function stampGeneration(
  c: ResolvedSessionConfig,
  state: { stampedFor: string | undefined },
  record: Session,
): Promise<void> {
  const revocation = c.source.revocation as NonNullable<SessionConfig["revocation"]>;
  const key = c.source.userKey?.(record.data);
  const user = sessionUser(key);
  if (user === undefined) {
    delete record.generation;
    state.stampedFor = undefined;
    return;
  }
  if (record.generation !== undefined && state.stampedFor === user) return;
  record.generation = await revocation.generation(key);
  state.stampedFor = user;
}

/**
 * Revokes the id a session had when loaded from a token (on `clear()` and
 * `regenerate()`), so that a copy of its cookie is refused too. A store
 * failure goes to `onError`: the response still drops the session.
 */
export async function revokeLoaded(
  c: ResolvedSessionConfig,
  state: State,
  id: string,
): Promise<void> {
  const revocation = c.source.revocation;
  if (!revocation) return;
  try {
    await revocation.revoke(id);
  } catch (error) {
    report(c, state, error as StoreUnavailableError);
  }
}
