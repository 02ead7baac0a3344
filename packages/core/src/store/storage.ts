import { StoreUnavailableError } from "../errors";
import { compareAndSetOf } from "./atomic";

/**
 * What sessions need of a key-value store: a subset of unstorage's `Storage`,
 * so any unstorage instance fits — Nitro's `useStorage("sessions")`, a Redis,
 * Cloudflare KV or file driver mounted by configuration.
 */
export interface SessionStorage {
  getItem(key: string): Promise<unknown>;
  setItem(key: string, value: never, options?: { ttl?: number }): Promise<void>;
  removeItem(key: string): Promise<void>;
  getKeys(base?: string): Promise<string[]>;
}

/**
 * A value kept until `expiresAt`. Not every unstorage driver honours `ttl`
 * (the memory and file drivers ignore it), so the expiry travels with the
 * value and a read past it sees nothing; drivers that can (Redis, KV) also
 * drop the key themselves.
 */
interface Timed<T> {
  readonly value: T;
  /** In milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** A key space of a store, with expiring values and typed failures. */
export class TimedStore {
  readonly #storage: SessionStorage;
  // Versioned writes in progress in this process, per key.
  readonly #writing = new Map<string, Promise<unknown>>();

  /** @param storage Default: `memoryStorage()` (one process only). */
  constructor(storage: SessionStorage = memoryStorage()) {
    this.#storage = storage;
  }

  /** The value at `key`, or `undefined` when absent or expired. Throws `StoreUnavailableError`. */
  async get<T>(key: string, now: number): Promise<T | undefined> {
    let item: unknown;
    try {
      item = await this.#storage.getItem(key);
    } catch (cause) {
      throw new StoreUnavailableError(`read ${key}`, { cause });
    }
    if (!isTimed<T>(item)) return undefined;
    if (item.expiresAt <= now) {
      this.#storage.removeItem(key).catch(() => {});
      return undefined;
    }
    return item.value;
  }

  /** Keeps `value` at `key` until `expiresAt` (ms since the epoch). Throws `StoreUnavailableError`. */
  async set(key: string, value: unknown, expiresAt: number, now: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil((expiresAt - now) / 1000));
    try {
      await this.#storage.setItem(key, { value, expiresAt } as never, { ttl });
    } catch (cause) {
      throw new StoreUnavailableError(`write ${key}`, { cause });
    }
  }

  /**
   * Writes `value` at `key` if the version stored there (0 when absent or
   * expired) is still `expected`; `false` when another write got there first.
   * Atomic on Redis (one Lua script); elsewhere a read then a write, with the
   * writes of one key in this process one after another. Throws
   * `StoreUnavailableError`.
   */
  async setIfVersion(key: string, expected: number, value: { readonly version: number }, expiresAt: number, now: number): Promise<boolean> {
    const atomic = compareAndSetOf(this.#storage, key);
    if (atomic) {
      const ttl = Math.max(1, Math.ceil((expiresAt - now) / 1000));
      try {
        return await atomic(expected, JSON.stringify({ value, expiresAt }), ttl, now);
      } catch (cause) {
        throw new StoreUnavailableError(`write ${key}`, { cause });
      }
    }
    const before = this.#writing.get(key) ?? Promise.resolve();
    const write = before.then(async () => {
      const current = await this.get<{ version?: number }>(key, now);
      if ((current?.version ?? 0) !== expected) return false;
      await this.set(key, value, expiresAt, now);
      return true;
    });
    const settled = write.catch(() => false);
    this.#writing.set(key, settled);
    void settled.then(() => {
      if (this.#writing.get(key) === settled) this.#writing.delete(key);
    });
    return write;
  }

  /** Throws `StoreUnavailableError`. */
  async remove(key: string): Promise<void> {
    try {
      await this.#storage.removeItem(key);
    } catch (cause) {
      throw new StoreUnavailableError(`remove ${key}`, { cause });
    }
  }

  /** The keys under `base` (a prefix ending in `:`). Throws `StoreUnavailableError`. */
  async keys(base: string): Promise<string[]> {
    try {
      return await this.#storage.getKeys(base);
    } catch (cause) {
      throw new StoreUnavailableError(`list ${base}`, { cause });
    }
  }
}

/**
 * A storage in this process's memory, as unstorage's memory driver behind
 * unstorage's `Storage` keeps it: values are stored as JSON and read back as
 * copies, so a live session never aliases what is stored. The default when no
 * `storage` is given — enough to try, not shared by a fleet — and core needs
 * no unstorage install for it.
 */
export function memoryStorage(): SessionStorage {
  const items = new Map<string, string>();
  return {
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

function isTimed<T>(item: unknown): item is Timed<T> {
  return typeof item === "object" && item !== null && typeof (item as Timed<T>).expiresAt === "number" && "value" in item;
}

/**
 * A key segment for any string: unstorage turns `/` and `\` into `:`, and
 * `:` separates segments, so ids and user keys are percent-encoded.
 */
export function segment(text: string): string {
  return encodeURIComponent(text);
}
