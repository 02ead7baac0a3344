import { describe, expect, it } from "vitest";
import { Lru } from "../src/seal/lru";

describe("Lru", () => {
  it("never holds more than its bound", () => {
    const lru = new Lru<number, number>(8);
    for (let i = 0; i < 1000; i++) {
      lru.set(i, i);
      if (i % 3 === 0) lru.get(i - 2);
      expect(lru.size).toBeLessThanOrEqual(8);
    }
    expect(lru.size).toBe(8);
  });

  it("evicts the oldest entry not read since it was added", () => {
    const lru = new Lru<string, number>(3);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("c", 3);
    expect(lru.get("a")).toBe(1);
    lru.set("d", 4); // a was read: b goes
    expect([...lru.values()].sort()).toEqual([1, 3, 4]);
    expect(lru.get("b")).toBeUndefined();
    lru.set("e", 5); // c was never read: it goes, a (unmarked on the last walk) stays
    expect(lru.get("c")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
  });

  it("keeps an entry read on every round, whatever else arrives", () => {
    const lru = new Lru<string, number>(4);
    lru.set("hot", 0);
    for (let i = 0; i < 200; i++) {
      expect(lru.get("hot")).toBe(0);
      lru.set(`cold${i}`, i);
    }
  });

  it("replaces a value in place, and a bound of 0 holds nothing", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("a", 2);
    expect(lru.size).toBe(1);
    expect(lru.get("a")).toBe(2);
    const none = new Lru<string, number>(0);
    none.set("a", 1);
    expect(none.size).toBe(0);
    expect(none.get("a")).toBeUndefined();
  });
});
