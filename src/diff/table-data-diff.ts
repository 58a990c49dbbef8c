import type { CardValue } from '../fits/card.js';
import { DifferenceAccumulator, type DifferenceStats } from './difference-stats.js';
import type { DiffBase, Pair } from './diff-value.js';
import { cellOf, COLUMN_ATTRIBUTES, type ColumnAttribute, type ColumnValues, type ColumnView, type NumericColumnValues, type TableCell, type TableView } from './table-view.js';
import { compareStoredColumns, storedCell } from './stored-table-diff.js';
import { EXACT, type Tolerance } from './tolerance.js';

/** Options of {@link diffTableData}. */
export interface TableDataDiffOptions {
  /** Default is exact. Applies to columns that are floating point on both sides. */
  readonly tolerance: Tolerance;
  /** Column names (case-insensitive) not compared; `*` ignores every column. Default is none. */
  readonly ignoreFields: readonly string[];
  /** How many differing cells to list over all columns; negative for all. Default is 10. */
  readonly maxReportedValues: number;
}

/** Defaults of {@link TableDataDiffOptions}: astropy `TableDataDiff`'s. */
export const DEFAULT_TABLE_DATA_DIFF_OPTIONS: TableDataDiffOptions = { tolerance: EXACT, ignoreFields: [], maxReportedValues: 10 };

/** A column by name and canonical format. */
export interface ColumnDefinition {
  readonly name: string;
  readonly format: string;
}

/** A column attribute (`TUNIT`, `TNULL`, `TSCAL`, `TZERO`, `TDISP`, `TDIM`) that differs. */
export interface ColumnAttributeDifference extends Pair<CardValue | undefined> {
  readonly column: string;
  readonly attribute: ColumnAttribute;
}

/** A differing cell. */
export interface CellDifference extends Pair<TableCell> {
  readonly column: string;
  /** Zero-based row, as astropy reports it. */
  readonly row: number;
}

/** Per-column outcome of the value comparison. */
export interface ColumnComparisonResult {
  readonly column: string;
  readonly differingRows: number;
  /** |a − b| statistics for floating-point columns. */
  readonly stats?: DifferenceStats;
}

/** Differences between two tables compared column by column and row by row (astropy `TableDataDiff`). */
export interface TableDataDiff extends DiffBase<'table'> {
  readonly columnCounts?: Pair<number>;
  /** Columns (by name and format) of one table only; a column whose format changed is in both lists. */
  readonly onlyInA: readonly ColumnDefinition[];
  readonly onlyInB: readonly ColumnDefinition[];
  readonly attributes: readonly ColumnAttributeDifference[];
  /** Set when the row counts differ; values are not compared then. */
  readonly rowCounts?: Pair<number>;
  /** Differing (column, row) cells, summed over columns. */
  readonly differingValues: number;
  /** Rows × columns of table a. */
  readonly valueCount: number;
  readonly fraction: number;
  /** The first differing cells, at most `maxReportedValues`. */
  readonly values: readonly CellDifference[];
  readonly columns: readonly ColumnComparisonResult[];
}

/**
 * Compares two tables as astropy does: columns are matched by case-insensitive name and format,
 * attributes compared, and, when the row counts agree, the values of common columns row by row.
 */
export function diffTableData(a: TableView, b: TableView, options: Partial<TableDataDiffOptions> = {}): TableDataDiff {
  const opts = Object.assign({}, DEFAULT_TABLE_DATA_DIFF_OPTIONS, options);
  const columnCounts = a.columns.length !== b.columns.length ? { a: a.columns.length, b: b.columns.length } : undefined;
  const ignoreAll = opts.ignoreFields.includes('*');
  const ignored = new Set(opts.ignoreFields.map((field) => field.toLowerCase()));
  const kept = (view: TableView): ColumnView[] => (ignoreAll ? [] : view.columns.filter((column) => !ignored.has(column.name.toLowerCase())));
  const keyOf = (column: ColumnView): string => `${column.name.toLowerCase()}\u0000${column.format}`;
  const columnsA = kept(a);
  const columnsB = kept(b);
  const keysA = new Map(columnsA.map((column) => [keyOf(column), column]));
  const keysB = new Map(columnsB.map((column) => [keyOf(column), column]));
  const definition = (column: ColumnView): ColumnDefinition => ({ name: column.name, format: column.format });
  const onlyInA = columnsA.filter((column) => !keysB.has(keyOf(column))).map(definition);
  const onlyInB = columnsB.filter((column) => !keysA.has(keyOf(column))).map(definition);
  const common = columnsA.filter((column) => keysB.has(keyOf(column))).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));

  const attributes: ColumnAttributeDifference[] = [];
  for (const columnA of common) {
    const columnB = keysB.get(keyOf(columnA)) as ColumnView;
    for (const { name } of COLUMN_ATTRIBUTES) {
      const x = columnA.attributes[name];
      const y = columnB.attributes[name];
      if (!sameCardValue(x, y)) attributes.push({ column: columnA.name.toUpperCase(), attribute: name, a: x, b: y });
    }
  }

  const rowCounts = a.rowCount !== b.rowCount ? { a: a.rowCount, b: b.rowCount } : undefined;
  const limit = opts.maxReportedValues < 0 ? Infinity : opts.maxReportedValues;
  const values: CellDifference[] = [];
  const columns: ColumnComparisonResult[] = [];
  let differingValues = 0;
  if (!rowCounts && a.rowCount > 0) {
    // Numeric columns at the same place in both tables: compared on their stored bytes, decoded only to report values.
    const { outcomes: stored, scan } = compareStoredColumns(a, b, common.map((columnA) => [columnA, keysB.get(keyOf(columnA)) as ColumnView] as const), opts.tolerance);
    for (const columnA of common) {
      const columnB = keysB.get(keyOf(columnA)) as ColumnView;
      let decoded: [ColumnValues, ColumnValues] | undefined;
      const decode = (): [ColumnValues, ColumnValues] => (decoded ??= [columnA.values(), columnB.values()]);
      const fast = stored.get(columnA);
      const result = fast ?? compareColumn(columnA, columnB, ...decode(), a.rowCount, opts.tolerance);
      differingValues += result.rows.length;
      columns.push({ column: columnA.name, differingRows: result.rows.length, ...(result.stats ? { stats: result.stats } : {}) });
      for (const row of result.rows) {
        if (values.length >= limit) break;
        if (fast && scan && columnA.storedField && columnB.storedField) {
          values.push({ column: columnA.name, row, a: storedCell(scan, 'a', columnA.storedField, row), b: storedCell(scan, 'b', columnB.storedField, row) });
        } else {
          const [valuesA, valuesB] = decode();
          values.push({ column: columnA.name, row, a: cellOf(valuesA, row), b: cellOf(valuesB, row) });
        }
      }
    }
  }
  const valueCount = a.rowCount * a.columns.length;
  const fraction = valueCount === 0 ? 0 : differingValues / valueCount;
  const identical = !columnCounts && onlyInA.length === 0 && onlyInB.length === 0 && attributes.length === 0 && !rowCounts && differingValues === 0;
  const diff = {
    ...(columnCounts ? { columnCounts } : {}),
    onlyInA,
    onlyInB,
    attributes,
    ...(rowCounts ? { rowCounts } : {}),
    differingValues,
    valueCount,
    fraction,
    values,
    columns,
  };
  return { kind: 'table', identical, summary: summarizeTable(diff, a.rowCount), ...diff };
}

interface ColumnOutcome {
  readonly rows: number[];
  readonly stats?: DifferenceStats;
}

function compareColumn(columnA: ColumnView, columnB: ColumnView, valuesA: ColumnValues, valuesB: ColumnValues, rowCount: number, tolerance: Tolerance): ColumnOutcome {
  const floating = (column: ColumnView): boolean => column.comparison === 'float32' || column.comparison === 'float64';
  if (valuesA.kind === 'numbers' && valuesB.kind === 'numbers' && floating(columnA) && floating(columnB)) {
    return compareFloats(valuesA.values as ArrayLike<number>, valuesB.values as ArrayLike<number>, valuesA.width, rowCount, tolerance, columnA.comparison === 'float32' && columnB.comparison === 'float32');
  }
  if (valuesA.kind === 'numbers' && valuesB.kind === 'numbers' && valuesA.width === valuesB.width) {
    const fast = compareExactNumbers(valuesA.values, valuesB.values, valuesA.width, rowCount);
    if (fast) return { rows: fast };
  }
  const rows: number[] = [];
  for (let row = 0; row < rowCount; row++) if (!sameRow(valuesA, valuesB, row, tolerance)) rows.push(row);
  return { rows };
}

/**
 * {@link sameRow} for two numeric columns of one element type, without per-value type checks: the rows
 * where any element differs (`!==`, so NaN differs as it does there); 64-bit integers are compared as
 * pairs of 32-bit halves. Undefined when the element types differ (the general path handles them).
 */
function compareExactNumbers(a: NumericColumnValues['values'], b: NumericColumnValues['values'], width: number, rowCount: number): number[] | undefined {
  let x: ArrayLike<number>;
  let y: ArrayLike<number>;
  let step = width;
  if (a instanceof BigInt64Array || b instanceof BigInt64Array) {
    if (!(a instanceof BigInt64Array && b instanceof BigInt64Array)) return undefined;
    x = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
    y = new Int32Array(b.buffer, b.byteOffset, b.length * 2);
    step = 2 * width;
  } else if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && a.constructor === b.constructor) {
    x = a;
    y = b;
  } else {
    return undefined;
  }
  const rows: number[] = [];
  for (let row = 0; row < rowCount; row++) {
    const end = (row + 1) * step;
    for (let i = row * step; i < end; i++) {
      if (x[i] !== y[i]) {
        rows.push(row);
        break;
      }
    }
  }
  return rows;
}

function compareFloats(a: ArrayLike<number>, b: ArrayLike<number>, width: number, rowCount: number, tolerance: Tolerance, single: boolean): ColumnOutcome {
  const accumulator = new DifferenceAccumulator();
  const { rtol, atol } = tolerance;
  const round = single ? Math.fround : (x: number): number => x;
  const rtolR = round(rtol);
  const atolR = round(atol);
  const rows: number[] = [];
  let equalFinite = 0;
  for (let row = 0; row < rowCount; row++) {
    let differs = false;
    for (let i = row * width; i < (row + 1) * width; i++) {
      const x = a[i] as number;
      const y = b[i] as number;
      // Equal values never differ; only finite ones count in the stats.
      if (x === y) {
        if (x - x === 0) equalFinite++;
        continue;
      }
      const finiteX = Number.isFinite(x);
      const finiteY = Number.isFinite(y);
      if (finiteX !== finiteY) differs = true;
      else if (finiteX) {
        accumulator.add(x, y);
        const absolute = Math.abs(round(y - x));
        const threshold = rtol === 0 && atol === 0 ? 0 : round(atolR + round(rtolR * Math.abs(y)));
        if (absolute > threshold) differs = true;
      }
    }
    if (differs) rows.push(row);
  }
  accumulator.addZeros(equalFinite);
  const stats = accumulator.stats();
  return stats ? { rows, stats } : { rows };
}

function sameRow(a: ColumnValues, b: ColumnValues, row: number, tolerance: Tolerance): boolean {
  if (a.kind === 'strings' && b.kind === 'strings') return a.values[row] === b.values[row];
  if (a.kind === 'rows' && b.kind === 'rows') return allClose(a.values[row] ?? [], b.values[row] ?? [], tolerance);
  if (a.kind === 'numbers' && b.kind === 'numbers' && a.width === b.width) {
    for (let i = row * a.width; i < (row + 1) * a.width; i++) if (!sameNumber(a.values[i] as number | bigint, b.values[i] as number | bigint)) return false;
    return true;
  }
  return false;
}

/** `numpy.allclose` (NaN never equal), with arrays of different lengths unequal. */
function allClose(a: ArrayLike<number>, b: ArrayLike<number>, { rtol, atol }: Tolerance): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return false;
  }
  return true;
}

function sameNumber(x: number | bigint, y: number | bigint): boolean {
  return typeof x === typeof y ? x === y : Number(x) === Number(y);
}

function sameCardValue(x: CardValue | undefined, y: CardValue | undefined): boolean {
  if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null) return x.re === y.re && x.im === y.im;
  return x === y;
}

function summarizeTable(diff: Omit<TableDataDiff, 'kind' | 'identical' | 'summary'>, rows: number): string {
  const parts: string[] = [];
  if (diff.columnCounts) parts.push(`column counts ${diff.columnCounts.a} vs ${diff.columnCounts.b}`);
  if (diff.onlyInA.length > 0) parts.push(`columns only in a: ${diff.onlyInA.map((column) => column.name).join(', ')}`);
  if (diff.onlyInB.length > 0) parts.push(`columns only in b: ${diff.onlyInB.map((column) => column.name).join(', ')}`);
  if (diff.attributes.length > 0) parts.push(`${diff.attributes.length} column attributes differ`);
  if (diff.rowCounts) parts.push(`row counts ${diff.rowCounts.a} vs ${diff.rowCounts.b}`);
  if (diff.differingValues > 0) parts.push(`${diff.differingValues} of ${diff.valueCount} table values differ (${(diff.fraction * 100).toFixed(2)}%)`);
  return parts.length === 0 ? `${rows} rows identical` : parts.join('; ');
}
