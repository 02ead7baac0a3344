/**
 * @module `Lru`: a bounded map that evicts what was not read lately.
 */

/**
 * A map with a hard bound on its size that evicts entries not read lately
 * (the "second chance" approximation of least-recently-used). A read only
 * marks its entry: it never reorders the `Map`, whose delete-and-reinsert
 * leaves a tombstone per read and a rehash every few hundred. Eviction
 * walks from the oldest entry; a marked one is unmarked and moved to the
 * end, and the first unmarked one goes. An entry read since the last
 * eviction walk is never the one evicted.
 */
export class Lru<K, V> {
  readonly #map = new Map<K, { value: V; used: boolean }>();
  readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  set(key: K, value: V): void {
    const entry = this.#map.get(key);
    if (entry !== undefined) {
      entry.value = value;
      entry.used = true;
      return;
    }
    if (this.#map.size >= this.max) this.#evict();
    if (this.max > 0) this.#map.set(key, { value, used: false });
  }

  *values(): IterableIterator<V> {
    for (const entry of this.#map.values()) yield entry.value;
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }

  #evict(): void {
    // Ends: every entry is unmarked after at most one pass.
    for (const [key, entry] of this.#map) {
      this.#map.delete(key);
      if (!entry.used) return;
      entry.used = false;
      this.#map.set(key, entry);
    }
  }
}
