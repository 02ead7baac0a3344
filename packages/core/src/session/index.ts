/**
 * @module Layer 3 — session: Nitro's `useSession` family on an abstract exchange (the
 * port an adapter fills in): config and its defaults, the sealed record, the
 * engine (load once, queued writes, expiry, reseals) and the manager.
 */
export { bindSessionFunctions, type SessionFunctions } from "./bind";
export {
  DEFAULT_COOKIE,
  DEFAULT_NAME,
  type IronSessionMigration,
  type ReactRouterMigration,
  type ResolvedSessionConfig,
  SECURE_DEFAULTS,
  type SessionConfig,
  type SessionErrorContext,
  type SessionMigration,
  type SvelteKitCookieSessionMigration,
} from "./config";
export type {
  ResealReason,
  SessionErrorEvent,
  SessionEvent,
  SessionReadEvent,
  SessionWriteEvent,
} from "./events";
export {
  clearSession,
  getSession,
  sealSession,
  settleSessions,
  unsealSession,
  updateSession,
} from "./functions";
export {
  commitIfChanged,
  openSession,
  openSessionNow,
  type SessionManager,
  useSession,
} from "./manager";
export type { SessionExchange, StagedCookie, StagedSession } from "./port";
export type { Session, SessionData } from "./record";
export { resolveSessionConfig } from "./resolve";
export type { StandardSchemaV1 } from "./standard-schema";
export type { SessionUpdate } from "./state";
