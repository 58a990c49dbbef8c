import { encodeBigEndian, type StoredArray } from './bitpix.js';
import type { VariableRow } from './bintable.js';
import type { Card, CardValue } from './card.js';
import { FitsWriteError } from './errors.js';
import { encodeImageData, type ImageArray } from './image-encoder.js';
import { elementBytes, formatBinaryFormat, type BinaryFormat, type BinaryType } from './tform.js';

/**
 * One column of a binary table to write. The type follows from `values`: typed arrays give `B`, `I`, `J`,
 * `K`, `E`, `D` (Int8Array, Uint16Array, Uint32Array, BigUint64Array with the TZERO offset convention),
 * `string[]` gives `A`, `(boolean | null)[]` gives `L`; `type` selects bits (`X`, 0/1 bytes in a
 * Uint8Array) or complex (`C`/`M`, interleaved re/im in a Float32Array/Float64Array).
 */
export interface BinTableColumnSpec {
  readonly name: string;
  /** All rows, row-major; for a `variable` column, one array (or string) per row. */
  readonly values: ImageArray | readonly string[] | readonly (boolean | null)[] | readonly VariableRow[];
  readonly type?: 'X' | 'C' | 'M';
  /** Elements per row (strings per row for `A`). Default is 1. */
  readonly repeat?: number;
  /** Characters per string of an `A` column. Default is the longest string (at least 1). */
  readonly width?: number;
  /** Write a variable-length array column with 32-bit (`P`) or 64-bit (`Q`) descriptors. */
  readonly variable?: 'P' | 'Q';
  readonly unit?: string;
  /** `TDIMn`, first axis fastest. Default for `A` columns with several strings per row: `(width, repeat)`. */
  readonly dims?: readonly number[];
  /** Stored value meaning "undefined" (integer columns). */
  readonly tnull?: number | bigint;
  /** Explicit scaling: `values` then hold stored values. Not allowed with the offset-convention arrays. */
  readonly tscal?: number;
  readonly tzero?: number;
  readonly display?: string;
}

/** A binary table encoded: its column keywords, row length, main table and heap bytes. */
export interface EncodedBinTable {
  readonly cards: Card[];
  readonly rowLength: number;
  readonly rowCount: number;
  readonly main: Buffer;
  readonly heap: Buffer;
}

interface EncodedColumn {
  readonly format: BinaryFormat;
  readonly rows: number;
  /** The field bytes of all rows, contiguous (`rows × format.width`). */
  readonly fields: Buffer;
  readonly tzero?: number | bigint;
  readonly dims?: readonly number[];
}

/**
 * Encodes binary-table columns.
 * @throws FitsWriteError when columns disagree on the number of rows or a spec is inconsistent.
 */
export function encodeBinTable(columns: readonly BinTableColumnSpec[], rows?: number): EncodedBinTable {
  const heap: Buffer[] = [];
  let heapSize = 0;
  const addToHeap = (bytes: Buffer): number => {
    heap.push(bytes);
    heapSize += bytes.length;
    return heapSize - bytes.length;
  };
  const encoded = columns.map((spec) => encodeColumn(spec, addToHeap));
  const rowCount = rows ?? encoded[0]?.rows ?? 0;
  encoded.forEach((column, i) => {
    if (column.rows !== rowCount) throw new FitsWriteError(`binary table column ${JSON.stringify(columns[i]?.name)} has ${column.rows} rows, expected ${rowCount}`);
  });

  const rowLength = encoded.reduce((sum, column) => sum + column.format.width, 0);
  const main = Buffer.alloc(rowLength * rowCount);
  let offset = 0;
  for (const column of encoded) {
    const width = column.format.width;
    for (let row = 0; row < rowCount; row++) column.fields.copy(main, row * rowLength + offset, row * width, (row + 1) * width);
    offset += width;
  }
  const cards = encoded.flatMap((column, i) => columnCards(columns[i] as BinTableColumnSpec, column, i + 1));
  return { cards, rowLength, rowCount, main, heap: Buffer.concat(heap) };
}

function encodeColumn(spec: BinTableColumnSpec, addToHeap: (bytes: Buffer) => number): EncodedColumn {
  const fail: (message: string) => never = (message) => {
    throw new FitsWriteError(`binary table column ${JSON.stringify(spec.name)}: ${message}`);
  };
  if (spec.variable) return encodeVariableColumn(spec, spec.variable, addToHeap, fail);
  const repeat = spec.repeat ?? 1;
  if (!Number.isSafeInteger(repeat) || repeat < 0) fail(`bad repeat ${repeat}`);
  const values = spec.values;
  const rowsOf = (elements: number, perRow: number): number => {
    if (perRow === 0) return fail('repeat 0 needs an explicit number of rows');
    if (elements % perRow !== 0) fail(`${elements} values are not a whole number of rows of ${perRow}`);
    return elements / perRow;
  };

  if (isStringArray(values)) {
    const width = spec.width ?? values.reduce((longest, value) => Math.max(longest, value.length), 1);
    const rows = rowsOf(values.length, repeat);
    const fields = Buffer.alloc(values.length * width);
    values.forEach((value, i) => {
      if (value.length > width) fail(`string ${JSON.stringify(value)} is longer than the width ${width}`);
      fields.write(value, i * width, 'latin1');
    });
    const dims = spec.dims ?? (repeat > 1 ? [width, repeat] : undefined);
    return { format: fixed('A', width * repeat), rows, fields, ...(dims ? { dims } : {}) };
  }
  if (isLogicalArray(values)) {
    const fields = Buffer.from(values.map((value) => (value === true ? 0x54 : value === false ? 0x46 : 0)));
    return { format: fixed('L', repeat), rows: rowsOf(values.length, repeat), fields, ...dimsOf(spec) };
  }
  if (!ArrayBuffer.isView(values)) return fail('values must be a typed array, strings or logicals');
  const numeric = values as ImageArray;
  if (spec.type === 'X') {
    if (!(numeric instanceof Uint8Array)) fail('bit columns take a Uint8Array of 0/1 values');
    const rows = rowsOf(numeric.length, repeat);
    return { format: fixed('X', repeat), rows, fields: packBits(numeric, repeat, rows), ...dimsOf(spec) };
  }
  if (spec.type === 'C' || spec.type === 'M') {
    const floatType = spec.type === 'C' ? Float32Array : Float64Array;
    if (!(numeric instanceof floatType)) fail(`${spec.type} columns take a ${floatType.name} of interleaved (re, im) values`);
    return { format: fixed(spec.type, repeat), rows: rowsOf(numeric.length, 2 * repeat), fields: encodeBigEndian(numeric), ...dimsOf(spec) };
  }
  const image = encodeImageData(numeric);
  if (image.bzero !== undefined && (spec.tzero !== undefined || spec.tscal !== undefined)) {
    fail(`${numeric.constructor.name} is written with TZERO ${image.bzero}; pass stored values in a signed array to choose TSCAL/TZERO`);
  }
  const type = NUMERIC_TYPES[image.bitpix];
  return {
    format: fixed(type, repeat),
    rows: rowsOf(numeric.length, repeat),
    fields: image.bytes,
    ...(image.bzero === undefined ? {} : { tzero: image.bzero }),
    ...dimsOf(spec),
  };
}

function encodeVariableColumn(spec: BinTableColumnSpec, descriptor: 'P' | 'Q', addToHeap: (bytes: Buffer) => number, fail: (message: string) => never): EncodedColumn {
  const rows = spec.values as readonly VariableRow[];
  let type: BinaryType | undefined;
  let maxLength = 0;
  const fields = Buffer.alloc(rows.length * (descriptor === 'P' ? 8 : 16));
  rows.forEach((row, i) => {
    const { rowType, count, bytes } = encodeVariableRow(row, fail);
    if (type !== undefined && rowType !== type) fail(`row ${i} holds ${rowType} values, earlier rows ${type}`);
    type = rowType;
    maxLength = Math.max(maxLength, count);
    const offset = addToHeap(bytes);
    if (descriptor === 'P') {
      if (offset > 0x7fffffff) fail('heap exceeds 2 GiB; use Q descriptors');
      fields.writeInt32BE(count, i * 8);
      fields.writeInt32BE(offset, i * 8 + 4);
    } else {
      fields.writeBigInt64BE(BigInt(count), i * 16);
      fields.writeBigInt64BE(BigInt(offset), i * 16 + 8);
    }
  });
  const elementType = type ?? 'B';
  return { format: { repeat: 1, type: elementType, descriptor, maxLength, width: descriptor === 'P' ? 8 : 16 }, rows: rows.length, fields };
}

function encodeVariableRow(row: VariableRow, fail: (message: string) => never): { rowType: BinaryType; count: number; bytes: Buffer } {
  if (typeof row === 'string') return { rowType: 'A', count: row.length, bytes: Buffer.from(row, 'latin1') };
  if (Array.isArray(row)) return { rowType: 'L', count: row.length, bytes: Buffer.from(row.map((value) => (value === true ? 0x54 : value === false ? 0x46 : 0))) };
  if (!ArrayBuffer.isView(row)) return fail('variable-length rows must be typed arrays, logical arrays or strings');
  const image = encodeImageData(row as StoredArray);
  if (image.bzero !== undefined) fail(`${row.constructor.name} rows are not supported in variable-length columns`);
  return { rowType: NUMERIC_TYPES[image.bitpix], count: (row as StoredArray).length, bytes: image.bytes };
}

const NUMERIC_TYPES = { 8: 'B', 16: 'I', 32: 'J', 64: 'K', [-32]: 'E', [-64]: 'D' } as const;

function fixed(type: BinaryType, repeat: number): BinaryFormat {
  return { repeat, type, width: elementBytes(type, repeat) };
}

function dimsOf(spec: BinTableColumnSpec): { dims?: readonly number[] } {
  return spec.dims ? { dims: spec.dims } : {};
}

function packBits(bits: Uint8Array, perRow: number, rows: number): Buffer {
  const rowBytes = Math.ceil(perRow / 8);
  const out = Buffer.alloc(rowBytes * rows);
  for (let row = 0; row < rows; row++) {
    for (let bit = 0; bit < perRow; bit++) {
      if (bits[row * perRow + bit]) out[row * rowBytes + (bit >> 3)] = (out[row * rowBytes + (bit >> 3)] as number) | (0x80 >> (bit & 7));
    }
  }
  return out;
}

function columnCards(spec: BinTableColumnSpec, column: EncodedColumn, n: number): Card[] {
  const tzero = column.tzero ?? spec.tzero;
  const optional: [string, CardValue | undefined][] = [
    [`TUNIT${n}`, spec.unit],
    [`TNULL${n}`, spec.tnull],
    [`TSCAL${n}`, spec.tscal],
    [`TZERO${n}`, tzero],
    [`TDISP${n}`, spec.display],
    [`TDIM${n}`, column.dims ? `(${column.dims.join(',')})` : undefined],
  ];
  return [
    { keyword: `TTYPE${n}`, value: spec.name },
    { keyword: `TFORM${n}`, value: formatBinaryFormat(column.format) },
    ...optional.filter((entry): entry is [string, CardValue] => entry[1] !== undefined).map(([keyword, value]) => ({ keyword, value })),
  ];
}

function isStringArray(values: BinTableColumnSpec['values']): values is readonly string[] {
  return Array.isArray(values) && values.every((value) => typeof value === 'string');
}

function isLogicalArray(values: BinTableColumnSpec['values']): values is readonly (boolean | null)[] {
  return Array.isArray(values) && values.every((value) => value === null || typeof value === 'boolean');
}
