/**
 * @module Layer — store: where revocations and store-mode sessions are kept
 * (any `SessionStorage`, `redisStorage` for a fleet).
 */

export { memoryStorage } from "./memory";
export type { StoredSession, StoredSessionSummary } from "./records";
export { type RedisClient, type RedisStorageOptions, redisStorage } from "./redis";
export { createRevocation, type Revocation, type RevocationOptions } from "./revocation";
export { createSessionStore, type SessionStore, type SessionStoreOptions } from "./sessions";
export type { AtomicSessionStorage, SessionStorage, StoredItem } from "./storage";
export { TimedStore } from "./timed";
