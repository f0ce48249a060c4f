/**
 * Values worth remembering for the keys asked again and again, in a map that forgets them all
 * once it holds `limit`: a burst of one-off keys then costs one recomputation of the rest,
 * never unbounded memory, and no bookkeeping of which entry is oldest.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (this.entries.size >= this.limit && !this.entries.has(key)) this.entries.clear();
    this.entries.set(key, value);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** The value remembered for `key`, or `compute`'s, remembered from now on. */
  getOrAdd(key: K, compute: (key: K) => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute(key);
      this.set(key, value);
    }
    return value;
  }
}
