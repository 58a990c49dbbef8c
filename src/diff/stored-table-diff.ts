import { DifferenceAccumulator, type DifferenceStats } from './difference-stats.js';
import type { ColumnView, StoredField, TableCell, TableView } from './table-view.js';
import type { Tolerance } from './tolerance.js';

/** What {@link compareStoredColumns} found for one column. */
export interface StoredColumnOutcome {
  /** Rows where the column's values differ, ascending. */
  readonly rows: number[];
  readonly stats?: DifferenceStats;
}

/** Rows compared with one `Buffer.compare` before looking inside them. */
const ROWS_PER_BLOCK = 32;

interface Pair {
  readonly a: ColumnView;
  readonly field: StoredField;
  readonly size: number;
  readonly float: boolean;
  readonly rows: number[];
  readonly accumulator?: DifferenceAccumulator;
  /** Float columns: elements found equal (finite) among the cells whose bytes differ, e.g. −0 vs +0. */
  decodedEqualFinite: number;
  /** Float columns: elements whose bytes differ, and of those, how many are non-finite in table a. */
  differingCells: number;
  nonFiniteInDiffering: number;
}

const SIZES = { B: 1, I: 2, J: 4, K: 8, E: 4, D: 8 } as const;

/** What a scan of two tables' stored rows found (see {@link RowScanner}). */
export interface RowScan {
  readonly rowLength: number;
  /** The rows whose bytes differ, ascending. */
  readonly rows: readonly number[];
  /** Their bytes in table a and in table b, `rowLength` bytes per row, in the order of `rows`. */
  readonly bytesA: Uint8Array;
  readonly bytesB: Uint8Array;
  /** How many elements of each float field of table a (by field offset) are NaN or infinite. */
  readonly nonFinite: ReadonlyMap<number, number>;
}

/**
 * Scans two tables' rows, whole chunks of rows at a time (all in memory, or streamed from files): keeps
 * the rows whose bytes differ and counts the NaN/±inf of table a's float fields.
 */
export class RowScanner {
  readonly #rows: number[] = [];
  readonly #partsA: Uint8Array[] = [];
  readonly #partsB: Uint8Array[] = [];
  readonly #nonFinite = new Map<number, number>();

  constructor(
    readonly rowLength: number,
    private readonly floatFields: readonly StoredField[],
  ) {
    for (const field of floatFields) this.#nonFinite.set(field.offset, 0);
  }

  /** Rows `firstRow` … `firstRow + rowCount − 1`, stored in `a` and `b` from their start. */
  add(a: Buffer, b: Buffer, firstRow: number, rowCount: number): void {
    const { rowLength } = this;
    for (let first = 0; first < rowCount; first += ROWS_PER_BLOCK) {
      const last = Math.min(rowCount, first + ROWS_PER_BLOCK);
      if (a.compare(b, first * rowLength, last * rowLength, first * rowLength, last * rowLength) === 0) continue;
      for (let row = first; row < last; row++) {
        const start = row * rowLength;
        if (a.compare(b, start, start + rowLength, start, start + rowLength) === 0) continue;
        this.#rows.push(firstRow + row);
        this.#partsA.push(Uint8Array.prototype.slice.call(a, start, start + rowLength));
        this.#partsB.push(Uint8Array.prototype.slice.call(b, start, start + rowLength));
      }
    }
    for (const field of this.floatFields) {
      const count = countNonFiniteField(a, rowCount, rowLength, field.offset, field.repeat, SIZES[field.type]);
      this.#nonFinite.set(field.offset, (this.#nonFinite.get(field.offset) ?? 0) + count);
    }
  }

  result(): RowScan {
    return { rowLength: this.rowLength, rows: this.#rows, bytesA: Buffer.concat(this.#partsA), bytesB: Buffer.concat(this.#partsB), nonFinite: this.#nonFinite };
  }
}

/** The unscaled `E` and `D` fields of a table's columns. */
export function floatFieldsOf(columns: readonly ColumnView[]): StoredField[] {
  return columns.flatMap((column) => (column.storedField && (column.storedField.type === 'E' || column.storedField.type === 'D') ? [column.storedField] : []));
}

/** The row scan of two tables: the one they carry (streamed from their files), or one made from their bytes. */
export function rowScanOf(a: TableView, b: TableView): RowScan | undefined {
  const storedA = a.stored;
  const storedB = b.stored;
  if (!storedA || !storedB || storedA.rowLength !== storedB.rowLength || a.rowCount !== b.rowCount) return undefined;
  if (storedA.scan) return storedA.scan === storedB.scan ? storedA.scan : undefined;
  const bytesA = storedA.bytes;
  const bytesB = storedB.bytes;
  const size = a.rowCount * storedA.rowLength;
  if (!bytesA || !bytesB || bytesA.length < size || bytesB.length < size) return undefined;
  const scanner = new RowScanner(storedA.rowLength, floatFieldsOf(a.columns));
  scanner.add(Buffer.from(bytesA.buffer, bytesA.byteOffset, size), Buffer.from(bytesB.buffer, bytesB.byteOffset, size), 0, a.rowCount);
  return scanner.result();
}

/**
 * Compares, without decoding the columns, the fixed-width numeric columns (`B I J K E D`, unscaled) that
 * sit at the same place in two binary tables with rows of one length: rows whose bytes are equal are
 * skipped (see {@link RowScanner}), equal elements are equal values, and only elements whose bytes differ
 * are decoded and compared as `diffTableData` compares values (same rows, same statistics).
 * @returns the outcome of each column of `pairs` (keyed by the column of table a) it could compare.
 */
export function compareStoredColumns(a: TableView, b: TableView, pairs: readonly (readonly [ColumnView, ColumnView])[], tolerance: Tolerance): { outcomes: Map<ColumnView, StoredColumnOutcome>; scan?: RowScan } {
  const outcomes = new Map<ColumnView, StoredColumnOutcome>();
  const compared: Pair[] = [];
  for (const [columnA, columnB] of pairs) {
    const field = columnA.storedField;
    const other = columnB.storedField;
    if (!field || !other || field.offset !== other.offset || field.type !== other.type || field.repeat !== other.repeat) continue;
    const float = field.type === 'E' || field.type === 'D';
    if (float !== (columnA.comparison === 'float32' || columnA.comparison === 'float64')) continue;
    compared.push({ a: columnA, field, size: SIZES[field.type], float, rows: [], ...(float ? { accumulator: new DifferenceAccumulator() } : {}), decodedEqualFinite: 0, differingCells: 0, nonFiniteInDiffering: 0 });
  }
  if (compared.length === 0) return { outcomes };
  const scan = rowScanOf(a, b);
  if (!scan) return { outcomes };
  const { rowLength, bytesA, bytesB } = scan;
  const viewA = new DataView(bytesA.buffer, bytesA.byteOffset, bytesA.byteLength);
  const viewB = new DataView(bytesB.buffer, bytesB.byteOffset, bytesB.byteLength);
  const bufferA = Buffer.from(bytesA.buffer, bytesA.byteOffset, bytesA.byteLength);
  const bufferB = Buffer.from(bytesB.buffer, bytesB.byteOffset, bytesB.byteLength);
  scan.rows.forEach((row, index) => {
    const start = index * rowLength;
    for (const pair of compared) {
      const single = pair.field.type === 'E';
      let differs = false;
      for (let k = 0; k < pair.field.repeat; k++) {
        const offset = start + pair.field.offset + k * pair.size;
        if (bufferA.compare(bufferB, offset, offset + pair.size, offset, offset + pair.size) === 0) continue;
        if (!pair.float) {
          differs = true; // integers: other bytes, another value
          break;
        }
        const x = single ? viewA.getFloat32(offset, false) : viewA.getFloat64(offset, false);
        const y = single ? viewB.getFloat32(offset, false) : viewB.getFloat64(offset, false);
        pair.differingCells++;
        if (!Number.isFinite(x)) pair.nonFiniteInDiffering++;
        if (floatDiffers(x, y, tolerance, single, pair)) differs = true;
      }
      if (differs) pair.rows.push(row);
    }
  });

  for (const pair of compared) {
    if (!pair.float || !pair.accumulator) {
      outcomes.set(pair.a, { rows: pair.rows });
      continue;
    }
    const cells = a.rowCount * pair.field.repeat;
    const nonFinite = scan.nonFinite.get(pair.field.offset) ?? 0;
    // Equal bytes: equal values, in the statistics (as |Δ| = 0) when finite.
    const equalBytesFinite = cells - pair.differingCells - (nonFinite - pair.nonFiniteInDiffering);
    pair.accumulator.addZeros(equalBytesFinite + pair.decodedEqualFinite);
    const stats = pair.accumulator.stats();
    outcomes.set(pair.a, stats ? { rows: pair.rows, stats } : { rows: pair.rows });
  }
  return { outcomes, scan };
}

/** One element of a float column whose bytes differ, compared as `diffTableData` does (`compareFloats`). */
function floatDiffers(x: number, y: number, tolerance: Tolerance, single: boolean, pair: Pair): boolean {
  if (x === y) {
    if (x - x === 0) pair.decodedEqualFinite++;
    return false;
  }
  const finiteX = Number.isFinite(x);
  const finiteY = Number.isFinite(y);
  if (finiteX !== finiteY) return true;
  if (!finiteX) return false;
  pair.accumulator?.add(x, y);
  const round = single ? Math.fround : (value: number): number => value;
  const { rtol, atol } = tolerance;
  const absolute = Math.abs(round(y - x));
  const threshold = rtol === 0 && atol === 0 ? 0 : round(round(atol) + round(round(rtol) * Math.abs(y)));
  return absolute > threshold;
}

/** How many elements of a big-endian float field are NaN or infinite (all exponent bits set). */
function countNonFiniteField(bytes: Uint8Array, rows: number, rowLength: number, offset: number, repeat: number, size: number): number {
  const low = size === 4 ? 0x80 : 0xf0;
  let count = 0;
  for (let row = 0; row < rows; row++) {
    let at = row * rowLength + offset;
    for (let k = 0; k < repeat; k++, at += size) {
      if (((bytes[at] as number) & 0x7f) === 0x7f && ((bytes[at + 1] as number) & low) === low) count++;
    }
  }
  return count;
}

/** One row of a stored field, from the scan of its rows (a differing row), as `cellOf` reports it. */
export function storedCell(scan: RowScan, side: 'a' | 'b', field: StoredField, row: number): TableCell {
  let low = 0;
  let high = scan.rows.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((scan.rows[middle] as number) < row) low = middle + 1;
    else high = middle;
  }
  if (scan.rows[low] !== row) throw new Error(`row ${row} is not among the differing rows`);
  const index = low;
  const bytes = side === 'a' ? scan.bytesA : scan.bytesB;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = index * scan.rowLength + field.offset;
  const size = SIZES[field.type];
  const read = (at: number): number | bigint => {
    switch (field.type) {
      case 'B':
        return view.getUint8(at);
      case 'I':
        return view.getInt16(at, false);
      case 'J':
        return view.getInt32(at, false);
      case 'K':
        return view.getBigInt64(at, false);
      case 'E':
        return view.getFloat32(at, false);
      case 'D':
        return view.getFloat64(at, false);
    }
  };
  const values = Array.from({ length: field.repeat }, (_, k) => read(start + k * size));
  return field.repeat === 1 ? (values[0] as number | bigint) : values;
}
