import { describe, expect, it } from "vitest";
import { groupBy, lruCache } from "@/lib/collections";

describe("lruCache", () => {
  it("makes a value once, keeps at most max entries, and drops the least recently used", () => {
    const made: string[] = [];
    const cache = lruCache<string, string>(2);
    const get = (k: string) => cache.get(k, () => (made.push(k), k.toUpperCase()));
    expect(get("a")).toBe("A");
    expect(get("b")).toBe("B");
    expect(get("a")).toBe("A"); // a hit: a is now the most recent
    expect(made).toEqual(["a", "b"]);
    get("c"); // full: drops b, the least recently used
    get("a");
    expect(made).toEqual(["a", "b", "c"]);
    get("b");
    expect(made).toEqual(["a", "b", "c", "b"]);
  });
});

describe("groupBy", () => {
  it("groups rows by key in first-seen order", () => {
    expect([...groupBy([1, 2, 3, 4, 5], (n) => n % 2)]).toEqual([
      [1, [1, 3, 5]],
      [0, [2, 4]],
    ]);
  });
});
