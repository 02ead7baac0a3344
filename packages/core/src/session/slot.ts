/**
 * @module `Slot`: a value kept on an object under a private symbol, dying with it.
 */

/**
 * A value kept on an object (a request, a response, a config) under a
 * private, non-enumerable symbol. Not a `WeakMap`: per-request keys are
 * short-lived, and V8 keeps a `WeakMap`'s values until a full mark-compact,
 * so a `WeakMap` per request turns every young-generation collection into a
 * copy of the whole request's state (measured: reads 3× slower, a third of
 * the time in GC). A property dies with its object in the first scavenge.
 * Only objects that cannot take a property (frozen, sealed) use a `WeakMap`.
 */
export class Slot<T> {
  readonly #symbol: symbol;
  readonly #fallback = new WeakMap<object, T>();

  /** @param description Names the symbol in a debugger. */
  constructor(description: string) {
    this.#symbol = Symbol(description);
  }

  /** The value kept on `target`, if any. */
  get(target: object): T | undefined {
    const value = (target as Record<symbol, T | undefined>)[this.#symbol];
    return value !== undefined || Object.isExtensible(target) ? value : this.#fallback.get(target);
  }

  /** Keeps `value` on `target` (not enumerable: spreads, `Object.keys` and JSON do not see it) and returns it. */
  set(target: object, value: T): T {
    if (Object.isExtensible(target)) {
      Object.defineProperty(target, this.#symbol, {
        value,
        writable: true,
        configurable: true,
        enumerable: false,
      });
    } else {
      this.#fallback.set(target, value);
    }
    return value;
  }
}
