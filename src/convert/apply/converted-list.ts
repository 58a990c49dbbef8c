import type { PlannedDataset } from '../plan/index.js';
import type { ConvertedDataset } from './conversion-report.js';
import { lazyList } from '../lazy-list.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function formatUuid(bytes: Buffer, offset: number): string {
  const h = bytes.toString('hex', offset, offset + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The conversion report's `converted` list kept compact: per entry the index of its planned
 * dataset, its status (one byte) and its dataset id (16 bytes), instead of one object and one
 * 36-character string per dataset. {@link list} gives the entries as {@link ConvertedDataset}s,
 * made from the plan on each read, with the same keys in the same order as a materialised array.
 */
export class ConvertedList {
  private planIndex: Int32Array;
  private inserted: Uint8Array;
  private ids: Buffer;
  private readonly otherIds = new Map<number, string>();
  private size = 0;

  constructor(private readonly datasets: readonly PlannedDataset[]) {
    const capacity = Math.max(16, datasets.length);
    this.planIndex = new Int32Array(capacity);
    this.inserted = new Uint8Array(capacity);
    this.ids = Buffer.alloc(16 * capacity);
  }

  /** Appends the entry of `datasets[planIndex]` with its dataset id and status. */
  add(planIndex: number, id: string, status: ConvertedDataset['status']): void {
    if (this.size === this.planIndex.length) this.grow();
    const i = this.size++;
    this.planIndex[i] = planIndex;
    this.inserted[i] = status === 'inserted' ? 1 : 0;
    if (UUID.test(id)) this.ids.write(id.replace(/-/g, ''), 16 * i, 16, 'hex');
    else this.otherIds.set(i, id);
  }

  get length(): number {
    return this.size;
  }

  /** The entry at `i` (0 ≤ i < length). */
  at(i: number): ConvertedDataset {
    const d = this.datasets[this.planIndex[i]!]!;
    const id = this.otherIds.get(i) ?? formatUuid(this.ids, 16 * i);
    return { path: d.path, relPath: d.relPath, source: d.source, datasetType: d.datasetType, run: d.run, dataId: d.dataId, id, ...(d.hdu !== undefined ? { hdu: d.hdu } : {}), status: this.inserted[i] === 1 ? 'inserted' : 'present' };
  }

  /** The entries as a read-only array (made on read, see lazy-list.ts). */
  list(): readonly ConvertedDataset[] {
    const n = this.size;
    return lazyList(n, (i) => this.at(i));
  }

  private grow(): void {
    const capacity = this.planIndex.length * 2;
    const planIndex = new Int32Array(capacity);
    planIndex.set(this.planIndex);
    const inserted = new Uint8Array(capacity);
    inserted.set(this.inserted);
    const ids = Buffer.alloc(16 * capacity);
    this.ids.copy(ids);
    [this.planIndex, this.inserted, this.ids] = [planIndex, inserted, ids];
  }
}
