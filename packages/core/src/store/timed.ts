/**
 * @module `TimedStore`: a key space of a storage with expiring values, every
 * call bounded in time and typed, and the writes of a key serialized.
 */
import { OptionsInvalidError, StoreUnavailableError } from "../errors";
import { memoryStorage } from "./memory";
import { type AtomicSessionStorage, isTimed, type SessionStorage, versionOf } from "./storage";

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
  setIfVersion(
    key: string,
    expected: number,
    value: { readonly version: number },
    expiresAt: number,
    now: number,
  ): Promise<boolean> {
    const storage = this.#storage;
    return this.#serial(key, async () => {
      if (storage.compareAndSet) {
        const ttl = ttlSeconds(expiresAt, now);
        return this.#call(`write ${key}`, () =>
          (storage.compareAndSet as AtomicSessionStorage["compareAndSet"])(
            key,
            expected,
            { value, expiresAt },
            ttl,
            now,
          ),
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
    return this.#serial(key, () =>
      this.#call(`remove ${key}`, () => this.#storage.removeItem(key)),
    );
  }

  /** The keys under `base` (a prefix ending in `:`). Throws `StoreUnavailableError`. */
  keys(base: string): Promise<string[]> {
    return this.#call(`list ${base}`, () => this.#storage.getKeys(base));
  }

  #write(key: string, value: unknown, expiresAt: number, now: number): Promise<void> {
    const ttl = ttlSeconds(expiresAt, now);
    return this.#call(`write ${key}`, () =>
      this.#storage.setItem(key, { value, expiresAt } as never, { ttl }),
    );
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
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`${what}: no answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
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

/** The `timeoutMs` option of a store or revocation list, checked. */
export function timeoutOption(value: unknown): number {
  if (value === undefined) return DEFAULT_STORE_TIMEOUT_MS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 60_000) {
    throw new OptionsInvalidError(
      `timeoutMs is a whole number of milliseconds from 1 to 60000 (1000 = a store call gives up after a second), not ${String(value)}.`,
    );
  }
  return value;
}
