import { describeValue } from './card.js';
import { FitsError, type FitsLocation } from './errors.js';
import type { FitsHeader } from './header.js';
import { parseBinaryFormat, type BinaryFormat } from './tform.js';

/** A binary-table column as described by its `T*n` keywords. */
export interface BinTableColumn {
  /** One-based field number `n`. */
  readonly number: number;
  /** `TTYPEn`, or empty when absent. */
  readonly name: string;
  /** `TFORMn` as written. */
  readonly tform: string;
  readonly format: BinaryFormat;
  /** Byte offset of the field within a row. */
  readonly offset: number;
  readonly unit?: string;
  /** `TNULLn`: the stored integer meaning "undefined". */
  readonly tnull?: number | bigint;
  /** `TSCALn`; default 1. */
  readonly tscal: number;
  /** `TZEROn`; default 0. */
  readonly tzero: number;
  /** `TDIMn` as a shape, first axis fastest. */
  readonly dims?: readonly number[];
  readonly display?: string;
}

const MAX_FIELDS = 999;
const TDIM = /^\s*\(\s*(\d+\s*(?:,\s*\d+\s*)*)\)\s*$/;

/**
 * Reads the column definitions of a `BINTABLE` header.
 * @param rowLength `NAXIS1`, which the fields must fit in.
 * @throws FitsError for a missing or bad `TFIELDS`/`TFORMn`/`TDIMn`, or fields wider than a row.
 */
export function readBinTableColumns(header: FitsHeader, rowLength: number, location: Required<FitsLocation>): BinTableColumn[] {
  const fail = (message: string): never => {
    throw new FitsError(location, message);
  };
  const fields = header.get('TFIELDS');
  if (fields === undefined) return fail('binary table without TFIELDS keyword');
  if (typeof fields !== 'number' || !Number.isInteger(fields) || fields < 0 || fields > MAX_FIELDS) return fail(`bad TFIELDS ${describeValue(fields)}`);

  const columns: BinTableColumn[] = [];
  let offset = 0;
  for (let n = 1; n <= fields; n++) {
    const tform = header.get(`TFORM${n}`);
    if (typeof tform !== 'string') return fail(tform === undefined ? `missing TFORM${n} keyword` : `bad TFORM${n} ${describeValue(tform)}`);
    const format = parseBinaryFormat(tform) ?? fail(`bad TFORM${n} ${JSON.stringify(tform)}`);
    const dims = readDims(header, n, format, fail);
    const unit = header.getString(`TUNIT${n}`);
    const tnull = header.get(`TNULL${n}`);
    const display = header.getString(`TDISP${n}`);
    columns.push({
      number: n,
      name: header.getString(`TTYPE${n}`)?.trim() ?? '',
      tform,
      format,
      offset,
      ...(unit === undefined ? {} : { unit }),
      ...(typeof tnull === 'number' || typeof tnull === 'bigint' ? { tnull } : {}),
      tscal: numberKeyword(header, `TSCAL${n}`, 1, fail),
      tzero: numberKeyword(header, `TZERO${n}`, 0, fail),
      ...(dims === undefined ? {} : { dims }),
      ...(display === undefined ? {} : { display }),
    });
    offset += format.width;
  }
  if (offset > rowLength) fail(`the columns need ${offset} bytes per row, NAXIS1 is ${rowLength}`);
  return columns;
}

function readDims(header: FitsHeader, n: number, format: BinaryFormat, fail: (message: string) => never): number[] | undefined {
  const tdim = header.get(`TDIM${n}`);
  if (tdim === undefined) return undefined;
  const match = typeof tdim === 'string' ? TDIM.exec(tdim) : null;
  if (!match?.[1]) return fail(`bad TDIM${n} ${describeValue(tdim)}`);
  const dims = match[1].split(',').map((axis) => Number(axis.trim()));
  const elements = dims.reduce((product, axis) => product * axis, 1);
  if (!format.descriptor && elements > format.repeat) fail(`TDIM${n} ${tdim} has ${elements} elements, TFORM${n} only ${format.repeat}`);
  return dims;
}

function numberKeyword(header: FitsHeader, key: string, fallback: number, fail: (message: string) => never): number {
  const value = header.get(key);
  if (value === undefined) return fallback;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  return fail(`bad ${key} ${describeValue(value)} (expected a number)`);
}

/**
 * Finds a column by name (exact match first, then case-insensitive, as astropy does) or by one-based number.
 */
export function findColumn<T extends { readonly name: string; readonly number: number }>(columns: readonly T[], key: string | number): T | undefined {
  if (typeof key === 'number') return columns.find((column) => column.number === key);
  return columns.find((column) => column.name === key) ?? columns.find((column) => column.name.toLowerCase() === key.toLowerCase());
}
