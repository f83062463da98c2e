// Small collection helpers (Node 20 has no Map.groupBy).

/** Rows grouped by a key, in first-seen order; each row is appended once (no copying). */
export function groupBy<T, K>(rows: Iterable<T>, key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** A cache of at most `max` entries that drops the least recently used one; `get` makes a missing value with `make`. */
export function lruCache<K, V>(max: number): { get(key: K, make: () => V): V } {
  const entries = new Map<K, V>();
  return {
    get(key, make) {
      if (entries.has(key)) {
        const hit = entries.get(key)!;
        // most recently used last, so the oldest is dropped first
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const value = make();
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(key, value);
      return value;
    },
  };
}
