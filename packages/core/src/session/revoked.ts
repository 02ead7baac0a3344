import { SessionRevokedError, type StoreUnavailableError } from "../errors";
import type { ResolvedSessionConfig, SessionConfig } from "./config";
import type { Session } from "./record";
import { report } from "./report";

type State = { readonly source: "cookie" | "header" | undefined };

// Throws SessionRevokedError for a revoked session. When the store fails,
// onError hears of it, and the session is refused ("closed") or kept ("open").
export async function checkRevocation(c: ResolvedSessionConfig, state: State, session: Session): Promise<void> {
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
}

/**
 * Revokes the id a session had when loaded from a token (on `clear()` and
 * `regenerate()`), so that a copy of its cookie is refused too. A store
 * failure goes to `onError`: the response still drops the session.
 */
export async function revokeLoaded(c: ResolvedSessionConfig, state: State, id: string): Promise<void> {
  const revocation = c.source.revocation;
  if (!revocation) return;
  try {
    await revocation.revoke(id);
  } catch (error) {
    report(c, state, error as StoreUnavailableError);
  }
}
