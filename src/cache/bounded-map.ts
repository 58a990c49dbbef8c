/**
 * A `Map` for memos whose memory must stay bounded: setting a new key while it holds `limit` entries
 * empties it first (the cheapest eviction; a memo refills itself from its next misses).
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
