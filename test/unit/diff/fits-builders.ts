// Builders of small FITS files for the comparator tests, written with the project's writer.
import { parseFits, writeFits, type FitsFile } from '../../../src/fits/fits-file.js';
import type { BinTableColumnSpec } from '../../../src/fits/bintable-encoder.js';
import type { BinTableHduSpec, HduSpec, ImageHduSpec } from '../../../src/fits/hdu-spec.js';
import { FitsHeader } from '../../../src/fits/header.js';
import type { CardValue } from '../../../src/fits/card.js';

/** Header cards as `[keyword, value, comment?]`. */
export type CardList = readonly (readonly [string, CardValue, string?])[];

/** A header from a card list. */
export function header(cards: CardList = []): FitsHeader {
  const h = new FitsHeader();
  for (const [keyword, value, comment] of cards) h.append(keyword, value, comment);
  return h;
}

/** An image HDU spec. */
export function image(data: ImageHduSpec['data'], shape: readonly number[], cards: CardList = []): ImageHduSpec {
  return { kind: 'image', ...(data ? { data } : {}), shape, header: header(cards) };
}

/** Writes and reads back a FITS file made of these HDUs. */
export function fitsOf(hdus: readonly HduSpec[], source = '<test>'): FitsFile {
  return parseFits(writeFits(hdus), source);
}

/** A binary-table column by TFORM (`E`, `D`, `I`, `J`, `K`, `nA`, `L`, `nX`, `nE`, `nD`), one value per row. */
export interface ColumnSpec {
  readonly name: string;
  readonly tform: string;
  readonly values: readonly (number | bigint | string | boolean | readonly (number | boolean)[])[];
  readonly unit?: string;
}

/** A `BINTABLE` extension holding `columns` (written by the project's table writer), with extra header cards. */
export function binTable(columns: readonly ColumnSpec[], cards: CardList = []): BinTableHduSpec {
  return { kind: 'bintable', columns: columns.map(columnSpec), header: header(cards) };
}

function columnSpec(column: ColumnSpec): BinTableColumnSpec {
  const match = /^(\d*)([EDIJKALX])$/.exec(column.tform);
  if (!match) throw new Error(`unsupported TFORM ${column.tform}`);
  const repeat = match[1] === '' ? 1 : Number(match[1]);
  const flat = column.values.flatMap((value) => (Array.isArray(value) ? value : [value])) as (number | bigint | string | boolean)[];
  const base = { name: column.name, ...(column.unit === undefined ? {} : { unit: column.unit }) };
  switch (match[2]) {
    case 'E':
      return { ...base, repeat, values: Float32Array.from(flat, Number) };
    case 'D':
      return { ...base, repeat, values: Float64Array.from(flat, Number) };
    case 'I':
      return { ...base, repeat, values: Int16Array.from(flat, Number) };
    case 'J':
      return { ...base, repeat, values: Int32Array.from(flat, Number) };
    case 'K':
      return { ...base, repeat, values: BigInt64Array.from(flat, (value) => BigInt(value as number | bigint)) };
    case 'A':
      return { ...base, width: repeat, values: flat.map(String) };
    case 'L':
      return { ...base, repeat, values: flat.map(Boolean) };
    default:
      return { ...base, type: 'X', repeat, values: Uint8Array.from(flat, (bit) => (bit ? 1 : 0)) };
  }
}
