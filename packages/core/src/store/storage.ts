/**
 * @module The storage sessions need (`SessionStorage`, and the atomic
 * `compareAndSet` of a fleet's, checked for at start-up), and the shape of
 * what is stored (`{ value, expiresAt }`, with a version).
 */
import { OptionsInvalidError } from "../errors";

/**
 * What sessions need of a key-value store: a subset of unstorage's `Storage`,
 * so any unstorage instance fits — Nitro's `useStorage("sessions")`, a Redis,
 * Cloudflare KV or file driver mounted by configuration. A storage shared by
 * several servers also needs `compareAndSet` (see `AtomicSessionStorage`).
 */
export interface SessionStorage {
  getItem(key: string): Promise<unknown>;
  setItem(key: string, value: never, options?: { ttl?: number }): Promise<void>;
  removeItem(key: string): Promise<void>;
  getKeys(base?: string): Promise<string[]>;
  /** The atomic write of `AtomicSessionStorage`, when the storage has one. */
  compareAndSet?: AtomicSessionStorage["compareAndSet"];
}

/** What a session store or revocation list keeps at a key: a value with a version, until `expiresAt`. */
export interface StoredItem {
  readonly value: { readonly version: number };
  /** In milliseconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * A storage whose writes are atomic across every server that shares it: what
 * a fleet's session store and revocation list need, so that two servers
 * writing one session (or revoking one user) at once cannot both win.
 * `redisStorage(client)` is one; `memoryStorage()` is one for its process.
 */
export interface AtomicSessionStorage extends SessionStorage {
  /**
   * Writes `item` at `key` (kept `ttlSeconds`) if the version stored there is
   * still `expected` — the stored item's `value.version`, or 0 when there is
   * none, it is not such an item, or it expired by `now` (ms since the epoch)
   * — as one atomic step; resolves to whether it wrote.
   */
  compareAndSet(
    key: string,
    expected: number,
    item: StoredItem,
    ttlSeconds: number,
    now: number,
  ): Promise<boolean>;
}

/**
 * Refuses, at start-up, a storage that has no atomic write unless the app says
 * one process serves every request: two servers writing one session at once
 * would otherwise overwrite each other, without a word.
 */
export function checkAtomic(
  storage: SessionStorage | undefined,
  singleProcess: unknown,
  what: string,
): void {
  if (singleProcess !== undefined && typeof singleProcess !== "boolean") {
    throw new OptionsInvalidError(
      `${what}: singleProcess is true or false, not ${String(singleProcess)}.`,
    );
  }
  if (
    storage === undefined ||
    typeof storage.compareAndSet === "function" ||
    singleProcess === true
  )
    return;
  throw new OptionsInvalidError(
    `${what}: its storage has no compareAndSet, so two servers writing one session at once could overwrite each other. On a fleet, use a storage with an atomic write — redisStorage(redis) from @sealed-session/core — or, when one process serves every request, say so with singleProcess: true.`,
  );
}

/**
 * A value kept until `expiresAt`. Not every unstorage driver honours `ttl`
 * (the memory and file drivers ignore it), so the expiry travels with the
 * value and a read past it sees nothing; drivers that can (Redis, KV) also
 * drop the key themselves.
 */
export interface Timed<T> {
  readonly value: T;
  /** In milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** A stored version: a whole number from 0, or 0 for anything else (garbage counts as absent). */
export function versionOf(value: { version?: unknown } | undefined): number {
  const version = value?.version;
  return typeof version === "number" && Number.isSafeInteger(version) && version >= 0 ? version : 0;
}

/** Whether `item` is a value this library stored (`{ value, expiresAt }`). */
export function isTimed<T>(item: unknown): item is Timed<T> {
  return (
    typeof item === "object" &&
    item !== null &&
    typeof (item as Timed<T>).expiresAt === "number" &&
    "value" in item
  );
}
