/**
 * @module Session-bound CSRF tokens (the synchronizer pattern): a token made
 * for this session's id — so `regenerate()` and `clear()` rotate it — checked
 * on a state-changing request together with where the request came from.
 */
import { CSRF_HEADER, SessionCsrfError } from "../errors";
import { checkCsrfToken, issueCsrfToken } from "../seal/csrf";
import type { ResolvedSessionConfig } from "./config";
import { isCrossSite } from "./csrf-origins";
import type { SessionExchange } from "./port";
import { persist } from "./stage";
import { enqueue, type SessionState } from "./state";

/**
 * A CSRF token for the session, masked afresh on every call (put it in each
 * form, or hand it to scripts). A session not yet written (`lazy`, or after
 * `clear()`) is written now: a token must name a session the browser keeps.
 */
export async function csrfTokenOf(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
  state: SessionState,
): Promise<string> {
  if (state.isNew) await enqueue(state, () => persist(exchange, c, state, {}));
  const { sealWith, all } = c.sealer.passwords;
  const secret = (sealWith ?? (all[0] as (typeof all)[number])).integrity;
  return issueCsrfToken(secret, bindingOf(c, state.session.id));
}

/**
 * Checks a state-changing request: not from another site, and carrying a
 * token of this session — `token` (a form's `_csrf` field), else the
 * `x-csrf-token` header. Throws `SessionCsrfError` (answer 403).
 */
export async function verifyCsrfOf(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
  state: SessionState,
  token: string | null | undefined,
): Promise<void> {
  if (isCrossSite(exchange, c.csrfOrigins)) throw new SessionCsrfError("cross-site");
  const given = token || exchange.getRequestHeader(CSRF_HEADER);
  if (!given) throw new SessionCsrfError("missing");
  // A session created by this very request has no token anyone was given.
  const secrets = c.sealer.passwords.all.map((pair) => pair.integrity);
  const ok =
    state.loadedId === state.session.id &&
    (await checkCsrfToken(secrets, bindingOf(c, state.session.id), given));
  if (!ok) throw new SessionCsrfError("mismatch");
}

// What a token is made for: this cookie's sessions, this session.
const bindingOf = (c: ResolvedSessionConfig, id: string) => `${c.name}\u0000${id}`;
