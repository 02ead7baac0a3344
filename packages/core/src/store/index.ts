export { createRevocation, type Revocation, type RevocationOptions } from "./revocation";
export {
  createSessionStore,
  type SessionStore,
  type SessionStoreOptions,
  type StoredSession,
  type StoredSessionSummary,
} from "./sessions";
export { memoryStorage, type SessionStorage, TimedStore } from "./storage";
