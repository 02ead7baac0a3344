/**
 * @module The storage sessions need (`SessionStorage`, and the atomic
 * `compareAndSet` of a fleet's), and `TimedStore`: expiring values, bounded
 * calls, writes of a key serialized.
 */
import { OptionsInvalidError, StoreUnavailableError } from "../errors";

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
  compareAndSet(key: string, expected: number, item: StoredItem, ttlSeconds: number, now: number): Promise<boolean>;
}

/**
 * Refuses, at start-up, a storage that has no atomic write unless the app says
 * one process serves every request: two servers writing one session at once
 * would otherwise overwrite each other, without a word.
 */
export function checkAtomic(storage: SessionStorage | undefined, singleProcess: unknown, what: string): void {
  if (singleProcess !== undefined && typeof singleProcess !== "boolean") {
    throw new OptionsInvalidError(`${what}: singleProcess is true or false, not ${String(singleProcess)}.`);
  }
  if (storage === undefined || typeof storage.compareAndSet === "function" || singleProcess === true) return;
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
interface Timed<T> {
  readonly value: T;
  /** In milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** How long a store call may take, in milliseconds, before it counts as failed. */
export const DEFAULT_STORE_TIMEOUT_MS = 1000;

/**
 * A key space of a store, with expiring values and typed failures. Every
 * call gives up after `timeoutMs` (`StoreUnavailableError`), so a stopped or
 * unreachable store never holds a request. Writes and removals of one key
 * run one after another in this process, so a removal is never undone by a
 * write that read the key before it.
 */
export class TimedStore {
  readonly #storage: SessionStorage;
  readonly #timeoutMs: number;
  // Writes and removals in progress in this process, per key.
  readonly #queues = new Map<string, Promise<unknown>>();

  /**
   * @param storage Default: `memoryStorage()` (one process only).
   * @param timeoutMs How long one call may take, in milliseconds.
   */
  constructor(storage: SessionStorage = memoryStorage(), timeoutMs = DEFAULT_STORE_TIMEOUT_MS) {
    this.#storage = storage;
    this.#timeoutMs = timeoutMs;
  }

  /** The value at `key`, or `undefined` when absent, expired or not one of ours. Throws `StoreUnavailableError`. */
  async get<T>(key: string, now: number): Promise<T | undefined> {
    const item = await this.#call(`read ${key}`, () => this.#storage.getItem(key));
    if (!isTimed<T>(item)) return undefined;
    if (item.expiresAt <= now) {
      this.#storage.removeItem(key).catch(() => {});
      return undefined;
    }
    return item.value;
  }

  /** Keeps `value` at `key` until `expiresAt` (ms since the epoch). Throws `StoreUnavailableError`. */
  set(key: string, value: unknown, expiresAt: number, now: number): Promise<void> {
    return this.#serial(key, () => this.#write(key, value, expiresAt, now));
  }

  /**
   * Writes `value` at `key` if the version stored there (0 when absent or
   * expired) is still `expected`; `false` when another write got there first.
   * With the storage's `compareAndSet`, atomic wherever the storage is;
   * without (a storage of one process, as `checkAtomic` let through), a read
   * then a write, with the writes of one key in this process one after
   * another. Throws `StoreUnavailableError`.
   */
  setIfVersion(key: string, expected: number, value: { readonly version: number }, expiresAt: number, now: number): Promise<boolean> {
    const storage = this.#storage;
    return this.#serial(key, async () => {
      if (storage.compareAndSet) {
        const ttl = ttlSeconds(expiresAt, now);
        return this.#call(`write ${key}`, () =>
          (storage.compareAndSet as AtomicSessionStorage["compareAndSet"])(key, expected, { value, expiresAt }, ttl, now),
        );
      }
      const current = await this.get<{ version?: unknown }>(key, now);
      if (versionOf(current) !== expected) return false;
      await this.#write(key, value, expiresAt, now);
      return true;
    });
  }

  /** Throws `StoreUnavailableError`. */
  remove(key: string): Promise<void> {
    return this.#serial(key, () => this.#call(`remove ${key}`, () => this.#storage.removeItem(key)));
  }

  /** The keys under `base` (a prefix ending in `:`). Throws `StoreUnavailableError`. */
  keys(base: string): Promise<string[]> {
    return this.#call(`list ${base}`, () => this.#storage.getKeys(base));
  }

  #write(key: string, value: unknown, expiresAt: number, now: number): Promise<void> {
    const ttl = ttlSeconds(expiresAt, now);
    return this.#call(`write ${key}`, () => this.#storage.setItem(key, { value, expiresAt } as never, { ttl }));
  }

  // Runs `task` after every write or removal of `key` this process queued before it.
  #serial<R>(key: string, task: () => Promise<R>): Promise<R> {
    const before = this.#queues.get(key) ?? Promise.resolve();
    const run = before.then(task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key);
    });
    return run;
  }

  // One storage call, typed and bounded in time.
  async #call<R>(what: string, call: () => Promise<R>): Promise<R> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError(`${what}: no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (cause) {
      if (cause instanceof StoreUnavailableError) throw cause;
      throw new StoreUnavailableError(what, { cause });
    } finally {
      clearTimeout(timer);
    }
  }
}

// The ttl a driver takes, in whole seconds (at least 1), for a value kept until `expiresAt` (ms).
function ttlSeconds(expiresAt: number, now: number): number {
  return Math.max(1, Math.ceil((expiresAt - now) / 1000));
}

/** A stored version: a whole number from 0, or 0 for anything else (garbage counts as absent). */
export function versionOf(value: { version?: unknown } | undefined): number {
  const version = value?.version;
  return typeof version === "number" && Number.isSafeInteger(version) && version >= 0 ? version : 0;
}

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
      const live = isTimed<{ version?: unknown }>(current) && current.expiresAt > now ? current.value : undefined;
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

function isTimed<T>(item: unknown): item is Timed<T> {
  return typeof item === "object" && item !== null && typeof (item as Timed<T>).expiresAt === "number" && "value" in item;
}
