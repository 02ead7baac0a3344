/**
 * @module `@sealed-session/core`: what an application imports. Adapter authors
 * take the port, the session functions that take it and their helpers from
 * `@sealed-session/core/adapter`; the standalone seal library is
 * `@sealed-session/core/seal`.
 */
export { useWebSession, verifyRequestCsrf, type WebSessionManager } from "./bindings/index";
export {
  CSRF_FIELD,
  CSRF_HEADER,
  type CsrfFailure,
  HeadersSentError,
  SessionConflictError,
  SessionCsrfError,
  SessionExpiredError,
  SessionInvalidError,
  SessionLegacyError,
  SessionNotFoundError,
  SessionReadOnlyError,
  type SessionRejectionCode,
  SessionRevokedError,
  SessionSchemaError,
  SessionTooLargeError,
  StoreUnavailableError,
} from "./errors";
export * from "./seal/index";
export {
  DEFAULT_COOKIE,
  type IronSessionMigration,
  type ReactRouterMigration,
  type ResealReason,
  type Session,
  type SessionConfig,
  type SessionData,
  type SessionErrorContext,
  type SessionErrorEvent,
  type SessionEvent,
  type SessionManager,
  type SessionMigration,
  type SessionReadEvent,
  type SessionUpdate,
  type SessionWriteEvent,
  type StandardSchemaV1,
  type SvelteKitCookieSessionMigration,
} from "./session/index";
export {
  type AtomicSessionStorage,
  createRevocation,
  createSessionStore,
  memoryStorage,
  type RedisClient,
  type RedisStorageOptions,
  type Revocation,
  type RevocationOptions,
  redisStorage,
  type SessionStorage,
  type SessionStore,
  type SessionStoreOptions,
  type StoredItem,
  type StoredSession,
  type StoredSessionSummary,
} from "./store/index";
