import { OptionsInvalidError, StoreUnavailableError } from "../errors";
import { checkRouting, compareAndSetOf } from "./atomic";

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
  #routing: Promise<void> | undefined;

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
   * Atomic on Redis (one Lua script); elsewhere a read then a write, with the
   * writes of one key in this process one after another. Throws
   * `StoreUnavailableError`, and `OptionsInvalidError` for a storage that
   * hides where its keys go (see `checkRouting`).
   */
  async setIfVersion(key: string, expected: number, value: { readonly version: number }, expiresAt: number, now: number): Promise<boolean> {
    await (this.#routing ??= this.#call("check the storage", () => checkRouting(this.#storage)).catch((error: unknown) => {
      // A store that did not answer is asked again next time; a wrong storage is final.
      if (!(error instanceof OptionsInvalidError)) this.#routing = undefined;
      throw error;
    }));
    const atomic = compareAndSetOf(this.#storage, key);
    return this.#serial(key, async () => {
      if (atomic) {
        const ttl = ttlSeconds(expiresAt, now);
        return this.#call(`write ${key}`, () => atomic(expected, JSON.stringify({ value, expiresAt }), ttl, now));
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
      if (cause instanceof StoreUnavailableError || cause instanceof OptionsInvalidError) throw cause;
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
