/**
 * @module `memoryStorage()`: a storage in this process's memory, the default
 * of a store and a revocation list, atomic in its process.
 */
import { type AtomicSessionStorage, isTimed, versionOf } from "./storage";

/**
 * A storage in this process's memory, as unstorage's memory driver behind
 * unstorage's `Storage` keeps it: values are stored as JSON and read back as
 * copies, so a live session never aliases what is stored. The default when no
 * `storage` is given — enough to try, not shared by a fleet — and core needs
 * no unstorage install for it. Its `compareAndSet` is atomic in its process
 * (the check and the write run in one step).
 */
export function memoryStorage(): AtomicSessionStorage {
  const items = new Map<string, string>();
  return {
    compareAndSet: async (key, expected, item, _ttlSeconds, now) => {
      const text = items.get(key);
      const current = text === undefined ? undefined : (JSON.parse(text) as unknown);
      const live =
        isTimed<{ version?: unknown }>(current) && current.expiresAt > now
          ? current.value
          : undefined;
      if (versionOf(live) !== expected) return false;
      items.set(key, JSON.stringify(item));
      return true;
    },
    getItem: async (key) => {
      const text = items.get(key);
      return text === undefined ? null : JSON.parse(text);
    },
    setItem: async (key, value) => {
      items.set(key, JSON.stringify(value));
    },
    removeItem: async (key) => {
      items.delete(key);
    },
    getKeys: async (base = "") => [...items.keys()].filter((key) => key.startsWith(base)),
  };
}
