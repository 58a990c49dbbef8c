/**
 * A memo of slowly-changing registry metadata (dataset types, collections, chains) shared by a
 * database handle and its transactions. Writers call {@link MetadataCache.invalidate}; inside a
 * transaction that has invalidated, reads use a transaction-local memo (so uncommitted state never
 * reaches the shared one), and the shared memo is cleared again when that transaction ends.
 */
export class MetadataCache {
  private readonly local = new Map<string, unknown>();
  private dirty = false;

  constructor(private readonly shared: Map<string, unknown> = new Map()) {}

  /** A cache for a transaction opened from this one's database (same shared memo). */
  forTransaction(): MetadataCache {
    return new MetadataCache(this.shared);
  }

  /** The memoised value of `key`, loaded (and memoised unless `undefined`) when absent. */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const memo = this.dirty ? this.local : this.shared;
    if (memo.has(key)) return memo.get(key) as T;
    const value = await load();
    if (value !== undefined) memo.set(key, value);
    return value;
  }

  /** Forgets `key` only (e.g. to reload after a miss). */
  forget(key: string): void {
    (this.dirty ? this.local : this.shared).delete(key);
  }

  /** Forgets everything (call after writing the rows a memo may hold). */
  invalidate(): void {
    this.dirty = true;
    this.local.clear();
    this.shared.clear();
  }

  /** Called when the transaction owning this cache ends (committed or not). */
  settle(): void {
    if (this.dirty) this.shared.clear();
    this.local.clear();
  }

  /** Called when the transaction owning this cache rolled back. */
  discard(): void {
    this.shared.clear();
    this.local.clear();
  }
}
