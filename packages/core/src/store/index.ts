/**
 * @module Layer — store: where revocations and store-mode sessions are kept
 * (any `SessionStorage`, `redisStorage` for a fleet).
 */
export { type RedisClient, type RedisStorageOptions, redisStorage } from "./redis";
export { createRevocation, type Revocation, type RevocationOptions } from "./revocation";
export {
  createSessionStore,
  type SessionStore,
  type SessionStoreOptions,
  type StoredSession,
  type StoredSessionSummary,
} from "./sessions";
export { type AtomicSessionStorage, memoryStorage, type SessionStorage, type StoredItem, TimedStore } from "./storage";
