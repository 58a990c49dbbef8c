import type { AsciiTable } from '../fits/ascii-table.js';
import type { BinTable, ColumnData } from '../fits/bintable.js';
import type { BinTableColumn } from '../fits/bintable-column.js';
import type { CardValue } from '../fits/card.js';
import type { FitsHeader } from '../fits/header.js';
import { formatBinaryFormat, type BinaryFormat } from '../fits/tform.js';
import type { RowScan } from './stored-table-diff.js';

/** The column attributes astropy's `TableDataDiff` compares, with the keyword each comes from. */
export const COLUMN_ATTRIBUTES = [
  { name: 'unit', keyword: 'TUNIT', label: 'units' },
  { name: 'null', keyword: 'TNULL', label: 'null values' },
  { name: 'bscale', keyword: 'TSCAL', label: 'bscales' },
  { name: 'bzero', keyword: 'TZERO', label: 'bzeros' },
  { name: 'disp', keyword: 'TDISP', label: 'display formats' },
  { name: 'dim', keyword: 'TDIM', label: 'dimensions' },
] as const;

/** One of {@link COLUMN_ATTRIBUTES}. */
export type ColumnAttribute = (typeof COLUMN_ATTRIBUTES)[number]['name'];

/** A cell as reported: a scalar, a string, or the elements of a vector cell. */
export type TableCell = number | bigint | string | boolean | readonly (number | bigint | boolean)[];

/**
 * How a column's values are compared, following the numpy dtype astropy gives it: floats within the
 * tolerance (single-precision arithmetic for `E` on both sides), everything else exactly, variable-length
 * arrays row by row with `numpy.allclose`.
 */
export type ColumnComparison = 'float32' | 'float64' | 'exact' | 'variable';

/** Numbers of a fixed-width column, `width` elements per row. */
export interface NumericColumnValues {
  readonly kind: 'numbers';
  readonly width: number;
  readonly values: ArrayLike<number> | BigInt64Array;
}

/** The decoded values of a column, in the form the comparators use. */
export type ColumnValues =
  | NumericColumnValues
  | { readonly kind: 'strings'; readonly values: readonly string[] }
  | { readonly kind: 'rows'; readonly values: readonly ArrayLike<number>[] };

/** A table column as the table comparators see it. */
export interface ColumnView {
  readonly number: number;
  readonly name: string;
  /** `TFORMn` in canonical form (`E`, `2J`, `PE(10)`, `F8.3`). */
  readonly format: string;
  readonly attributes: Readonly<Record<ColumnAttribute, CardValue | undefined>>;
  readonly comparison: ColumnComparison;
  readonly unit?: string;
  /** Decodes the column (may throw FitsError for damaged data). */
  values(): ColumnValues;
  /** Where an unscaled fixed-width numeric column of a binary table lies in each row (for comparing stored bytes). */
  readonly storedField?: StoredField;
}

/** An unscaled `B`, `I`, `J`, `K`, `E` or `D` field: `repeat` big-endian elements at `offset` in each row. */
export interface StoredField {
  readonly offset: number;
  readonly type: 'B' | 'I' | 'J' | 'K' | 'E' | 'D';
  readonly repeat: number;
}

/** A binary or ASCII table with its columns. */
export interface TableView {
  readonly rowCount: number;
  readonly columns: readonly ColumnView[];
  /**
   * A binary table's rows as stored: their bytes (at least `rowCount × rowLength`), or, for tables streamed
   * from their files, the scan of their rows against the other table's (the same object on both sides).
   */
  readonly stored?: { readonly rowLength: number; readonly bytes?: Uint8Array; readonly scan?: RowScan };
}

const UNSIGNED_TZERO: Partial<Record<string, number>> = { B: -128, I: 2 ** 15, J: 2 ** 31, K: 2 ** 63 };

/**
 * Adapts a binary table for comparison.
 * @param data the data unit, when the comparators may compare stored bytes.
 */
export function binTableView(table: BinTable, header: FitsHeader, data?: Uint8Array): TableView {
  return {
    rowCount: table.rowCount,
    ...(data && data.length >= table.rowCount * table.rowLength ? { stored: { bytes: data, rowLength: table.rowLength } } : {}),
    columns: table.columns.map((column) => {
      // Built property by property: in Node 20 a literal that starts with a spread and adds
      // properties takes a slow runtime path (~2 µs per object, most of a small table's comparison).
      const view: { -readonly [K in keyof ColumnView]: ColumnView[K] } = {
        number: column.number,
        name: column.name,
        format: canonicalFormat(column.format),
        attributes: attributesOf(header, column.number),
        comparison: binaryComparison(column),
        values: () => binaryValues(table, column),
      };
      if (column.unit !== undefined) view.unit = column.unit;
      const stored = storedFieldOf(column).storedField;
      if (stored) view.storedField = stored;
      return view;
    }),
  };
}

const STORED_TYPES: ReadonlySet<string> = new Set(['B', 'I', 'J', 'K', 'E', 'D']);

export function storedFieldOf(column: BinTableColumn): { storedField?: StoredField } {
  const { format } = column;
  if (format.descriptor || !STORED_TYPES.has(format.type) || column.tscal !== 1 || column.tzero !== 0 || format.repeat === 0) return {};
  return { storedField: { offset: column.offset, type: format.type as StoredField['type'], repeat: format.repeat } };
}

/** Adapts an ASCII table for comparison. */
export function asciiTableView(table: AsciiTable, header: FitsHeader): TableView {
  return {
    rowCount: table.rowCount,
    columns: table.columns.map((column) => ({
      number: column.number,
      name: column.name,
      format: column.tform.trim().toUpperCase(),
      attributes: attributesOf(header, column.number),
      comparison: column.type === 'A' ? 'exact' : column.type === 'I' && column.tscal === 1 && column.tzero === 0 ? 'exact' : 'float64',
      ...(column.unit === undefined ? {} : { unit: column.unit }),
      values: (): ColumnValues => {
        const data = table.read(column.number);
        return data.kind === 'string' ? { kind: 'strings', values: data.values } : { kind: 'numbers', width: 1, values: table.physical(column.number) };
      },
    })),
  };
}

/** The value of one row of a column, as reported. */
export function cellOf(values: ColumnValues, row: number): TableCell {
  if (values.kind === 'strings') return values.values[row] ?? '';
  if (values.kind === 'rows') return Array.from(values.values[row] ?? []);
  const { width } = values;
  const slice = Array.from({ length: width }, (_, i) => values.values[row * width + i] as number | bigint);
  return width === 1 ? (slice[0] as number | bigint) : slice;
}

function canonicalFormat(format: BinaryFormat): string {
  const text = formatBinaryFormat(format);
  return format.descriptor ? text.replace(/^1/, '') : text.replace(/^1(?=[A-Z])/, '');
}

function attributesOf(header: FitsHeader, n: number): Readonly<Record<ColumnAttribute, CardValue | undefined>> {
  // Headers shared between files (parseFitsPair) give each column's attributes once (per revision).
  let known = columnAttributes.get(header);
  if (!known || known.revision !== header.revision) {
    known = { revision: header.revision, byColumn: new Map() };
    columnAttributes.set(header, known);
  }
  let attributes = known.byColumn.get(n);
  if (!attributes) {
    const read = {} as Record<ColumnAttribute, CardValue | undefined>;
    for (const { name, keyword } of COLUMN_ATTRIBUTES) {
      const value = header.get(`${keyword}${n}`);
      read[name] = typeof value === 'string' ? value.trimEnd() : value;
    }
    attributes = read;
    known.byColumn.set(n, attributes);
  }
  return attributes;
}

/** {@link attributesOf} by header and column number (never modified). */
const columnAttributes = new WeakMap<FitsHeader, { revision: number; byColumn: Map<number, Readonly<Record<ColumnAttribute, CardValue | undefined>>> }>();

function binaryComparison(column: BinTableColumn): ColumnComparison {
  const { format, tscal, tzero } = column;
  if (format.descriptor) return 'variable';
  if (format.type === 'E') return tscal === 1 && tzero === 0 ? 'float32' : 'float64';
  if (format.type === 'D') return 'float64';
  if (!['B', 'I', 'J', 'K'].includes(format.type)) return 'exact';
  if (tscal === 1 && tzero === 0) return 'exact';
  if (tscal === 1 && tzero === UNSIGNED_TZERO[format.type]) return 'exact';
  return 'float64';
}

function binaryValues(table: BinTable, column: BinTableColumn): ColumnValues {
  const { format } = column;
  const data: ColumnData = table.read(column.number);
  const width = format.type === 'A' ? 1 : format.repeat;
  switch (data.kind) {
    case 'number': {
      const scaled = column.tscal !== 1 || column.tzero !== 0;
      return { kind: 'numbers', width, values: scaled ? table.physical(column.number) : data.values };
    }
    case 'complex':
      return { kind: 'numbers', width: 2 * width, values: data.values };
    case 'logical':
      return { kind: 'numbers', width, values: data.values.map((value) => (value === true ? 1 : 0)) };
    case 'bits':
      return { kind: 'numbers', width, values: data.values };
    case 'string':
      return data.values.length === table.rowCount ? { kind: 'strings', values: data.values } : { kind: 'strings', values: joinStrings(data.values, table.rowCount) };
    case 'variable':
      return { kind: 'rows', values: data.values.map(variableRow) };
  }
}

/** Several strings per row (`TDIM`) joined into one cell; NUL cannot occur inside them. */
function joinStrings(values: readonly string[], rows: number): string[] {
  const perRow = rows === 0 ? 0 : values.length / rows;
  return Array.from({ length: rows }, (_, row) => values.slice(row * perRow, (row + 1) * perRow).join('\u0000'));
}

function variableRow(row: string | ArrayLike<number | bigint | boolean | null>): ArrayLike<number> {
  if (typeof row === 'string') return Array.from(row, (c) => c.charCodeAt(0));
  return Array.from(row as ArrayLike<number | bigint | boolean | null>, (value) => (typeof value === 'boolean' ? Number(value) : value === null ? 0 : Number(value)));
}
