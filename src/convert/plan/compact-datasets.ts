import { lazyList } from '../lazy-list.js';
import type { Gen3DataId } from '../translate/index.js';
import type { PlanSource, PlannedDataset } from './plan-model.js';

const KEYS = 'datasetType,run,dataId,path,relPath,source,formatter';
const KEYS_HDU = `${KEYS},hdu`;
/** Numbers kept per dataset: type, run, source, formatter, root (string-table indexes), HDU + 1 (0: none), data ID shape + 1 (0: object kept), data ID values offset. */
const CODES = 8;
/** Largest number a data ID value may be to be stored in 32 bits. */
const MAX_VALUE = 0xffffffff;

/** The keys of a data ID in order, and which values are strings (string-table indexes) rather than numbers. */
interface Shape {
  readonly keys: readonly string[];
  readonly isString: readonly boolean[];
}

/**
 * A plan's datasets kept compact for a conversion of a million files: per dataset its `relPath`
 * (the only value of its own) and eight numbers (type, run, source, formatter and root as indexes
 * into one table of shared strings; the HDU; the data ID's key shape and where its values — numbers,
 * or string-table indexes — start in one Uint32Array). `path` is not stored: it is the root (the
 * part of `path` before `relPath`) + `relPath`, made on read. {@link list} reads as a read-only array
 * of {@link PlannedDataset}s equal to the pushed ones (same keys in the same order, same JSON), each
 * made on read (see lazy-list.ts: compare them by value, not identity); a dataset of another shape
 * (its path not ending with its relPath, other keys) is kept as is, as is a data ID with values
 * other than strings and 32-bit unsigned integers.
 */
export class CompactDatasets {
  private readonly strings: (string | undefined)[] = [];
  private readonly stringIndex = new Map<string | undefined, number>();
  private codes = new Uint32Array(CODES * 1024);
  private readonly relPaths: string[] = [];
  /** Data IDs that are not stored as numbers (unusual values), by dataset index. */
  private readonly dataIds = new Map<number, Gen3DataId>();
  private idValues = new Uint32Array(4096);
  private idValuesLength = 0;
  private readonly shapes: Shape[] = [];
  private readonly shapeIndex = new Map<string, number>();
  private readonly kept = new Map<number, PlannedDataset>();

  /** Datasets pushed. */
  get length(): number {
    return this.relPaths.length;
  }

  push(d: PlannedDataset): void {
    const i = this.relPaths.length;
    this.relPaths.push(d.relPath);
    if (this.codes.length < CODES * (i + 1)) {
      const grown = new Uint32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    const keys = Object.keys(d).join(',');
    const hdu = d.hdu;
    const regular = (keys === KEYS || (keys === KEYS_HDU && typeof hdu === 'number' && Number.isInteger(hdu) && hdu >= 0 && hdu < 0xffffffff)) && d.path.endsWith(d.relPath);
    if (!regular) {
      this.kept.set(i, d);
      return;
    }
    const c = CODES * i;
    this.codes[c] = this.id(d.datasetType);
    this.codes[c + 1] = this.id(d.run);
    this.codes[c + 2] = this.id(d.source);
    this.codes[c + 3] = this.id(d.formatter);
    this.codes[c + 4] = this.id(d.path.slice(0, d.path.length - d.relPath.length));
    this.codes[c + 5] = hdu === undefined ? 0 : hdu + 1;
    this.pushDataId(i, d.dataId);
  }

  private pushDataId(i: number, dataId: Gen3DataId): void {
    const keys = Object.keys(dataId);
    const kinds: boolean[] = [];
    for (const k of keys) {
      const v = dataId[k];
      if (typeof v === 'string') kinds.push(true);
      else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_VALUE && !Object.is(v, -0)) kinds.push(false);
      else {
        this.dataIds.set(i, dataId);
        return;
      }
    }
    const shapeKey = JSON.stringify([keys, kinds]);
    let shape = this.shapeIndex.get(shapeKey);
    if (shape === undefined) {
      shape = this.shapes.length;
      this.shapes.push({ keys, isString: kinds });
      this.shapeIndex.set(shapeKey, shape);
    }
    if (this.idValues.length < this.idValuesLength + keys.length) {
      const grown = new Uint32Array(Math.max(this.idValues.length * 2, this.idValuesLength + keys.length));
      grown.set(this.idValues);
      this.idValues = grown;
    }
    const offset = this.idValuesLength;
    keys.forEach((k, j) => {
      const v = dataId[k]!;
      this.idValues[offset + j] = typeof v === 'string' ? this.id(v) : v;
    });
    this.idValuesLength += keys.length;
    this.codes[CODES * i + 6] = shape + 1;
    this.codes[CODES * i + 7] = offset;
  }

  private dataIdAt(i: number): Gen3DataId {
    const shape = this.codes[CODES * i + 6]!;
    if (shape === 0) return this.dataIds.get(i)!;
    const { keys, isString } = this.shapes[shape - 1]!;
    const offset = this.codes[CODES * i + 7]!;
    const dataId: Gen3DataId = {};
    keys.forEach((k, j) => {
      const v = this.idValues[offset + j]!;
      dataId[k] = isString[j] ? this.strings[v]! : v;
    });
    return dataId;
  }

  /** The dataset at `i` (0 ≤ i < length), made now. */
  at(i: number): PlannedDataset {
    const other = this.kept.get(i);
    if (other) return other;
    const s = this.strings;
    const relPath = this.relPaths[i]!;
    const c = CODES * i;
    const d = {
      datasetType: s[this.codes[c]!]!,
      run: s[this.codes[c + 1]!]!,
      dataId: this.dataIdAt(i),
      path: s[this.codes[c + 4]!]! + relPath,
      relPath,
      source: s[this.codes[c + 2]!]! as PlanSource,
      formatter: s[this.codes[c + 3]!],
    };
    const hdu = this.codes[c + 5]!;
    return hdu > 0 ? { ...d, hdu: hdu - 1 } : d;
  }

  /** Distinct `path`s (a multi-extension file counts once), without making the paths. */
  distinctPaths(): number {
    const byRoot = new Map<number, Set<string>>();
    const others = new Set<string>();
    for (let i = 0; i < this.relPaths.length; i++) {
      const other = this.kept.get(i);
      if (other) {
        others.add(other.path);
        continue;
      }
      const root = this.codes[CODES * i + 4]!;
      let set = byRoot.get(root);
      if (!set) byRoot.set(root, (set = new Set()));
      set.add(this.relPaths[i]!);
    }
    let n = 0;
    for (const [root, set] of byRoot) for (const rel of set) if (!others.has(this.strings[root]! + rel)) n += 1;
    return n + others.size;
  }

  /** The datasets as a read-only array whose items are made on read. */
  list(): readonly PlannedDataset[] {
    return lazyList(this.relPaths.length, (i) => this.at(i));
  }

  private id(value: string | undefined): number {
    let i = this.stringIndex.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.stringIndex.set(value, i);
    }
    return i;
  }
}

/** `datasets` as a {@link CompactDatasets} list (see there). */
export function compactDatasets(datasets: readonly PlannedDataset[]): readonly PlannedDataset[] {
  const compact = new CompactDatasets();
  for (const d of datasets) compact.push(d);
  return compact.list();
}
