import { findColumn } from './bintable-column.js';
import { describeValue } from './card.js';
import { FitsError, type FitsLocation } from './errors.js';
import type { FitsHeader } from './header.js';

/** A column of an ASCII `TABLE` extension. */
export interface AsciiTableColumn {
  /** One-based field number `n`. */
  readonly number: number;
  /** `TTYPEn`, or empty when absent. */
  readonly name: string;
  /** `TFORMn` as written: `Aw`, `Iw`, `Fw.d`, `Ew.d` or `Dw.d`. */
  readonly tform: string;
  readonly type: 'A' | 'I' | 'F' | 'E' | 'D';
  readonly width: number;
  /** Digits after an implied decimal point (`d` of `Fw.d`). */
  readonly decimals: number;
  /** Zero-based byte offset of the field within a row (`TBCOLn` − 1). */
  readonly offset: number;
  readonly unit?: string;
  /** `TNULLn`: the field text meaning "undefined". */
  readonly tnull?: string;
  readonly tscal: number;
  readonly tzero: number;
}

/** Values of an ASCII-table column: strings (trailing spaces removed), or numbers with NaN for undefined fields. */
export type AsciiColumnData = { readonly kind: 'string'; readonly values: string[] } | { readonly kind: 'number'; readonly values: Float64Array };

const TFORM = /^\s*([AIFED])(\d+)(?:\.(\d+))?\s*$/;
const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[EeDd]\s*([+-]?\s*\d+))?$/;
const MAX_FIELDS = 999;

/** An ASCII table data unit, decoded column by column on request. */
export class AsciiTable {
  readonly #data: Uint8Array;
  readonly #location: Required<FitsLocation>;

  constructor(
    readonly columns: readonly AsciiTableColumn[],
    readonly rowCount: number,
    readonly rowLength: number,
    data: Uint8Array,
    location: Required<FitsLocation>,
  ) {
    this.#data = data;
    this.#location = location;
  }

  /** The column with this name (exact, then case-insensitive) or one-based number. */
  column(key: string | number): AsciiTableColumn | undefined {
    return findColumn(this.columns, key);
  }

  /**
   * Decodes a column for all rows. Blank fields and fields equal to `TNULLn` are NaN in numeric columns; an
   * implied decimal point (`Fw.d` without `.` in the field) is applied as the standard says.
   * @throws FitsError when there is no such column or a numeric field cannot be parsed.
   */
  read(key: string | number): AsciiColumnData {
    const column = this.#require(key);
    const texts = Array.from({ length: this.rowCount }, (_, row) => {
      const start = row * this.rowLength + column.offset;
      return Buffer.from(this.#data.buffer, this.#data.byteOffset + start, column.width).toString('latin1');
    });
    if (column.type === 'A') return { kind: 'string', values: texts.map((text) => text.trimEnd()) };
    const values = new Float64Array(this.rowCount);
    texts.forEach((text, row) => {
      const trimmed = text.trim();
      if (trimmed === '' || (column.tnull !== undefined && trimmed === column.tnull.trim())) values[row] = Number.NaN;
      else values[row] = parseAsciiNumber(trimmed, column.type === 'I' ? 0 : column.decimals) ?? this.#badField(column, row, text);
    });
    return { kind: 'number', values };
  }

  /**
   * Physical values of a numeric column: TZERO + TSCAL × value.
   * @throws FitsError for string columns.
   */
  physical(key: string | number): Float64Array {
    const column = this.#require(key);
    const data = this.read(column.number);
    if (data.kind !== 'number') throw new FitsError(this.#location, `column ${JSON.stringify(column.name)} (${column.tform}) is not numeric`);
    return data.values.map((value) => column.tzero + column.tscal * value);
  }

  #require(key: string | number): AsciiTableColumn {
    const column = this.column(key);
    if (!column) throw new FitsError(this.#location, `ASCII table has no column ${JSON.stringify(key)}`);
    return column;
  }

  #badField(column: AsciiTableColumn, row: number, text: string): never {
    throw new FitsError(
      { ...this.#location, offset: this.#location.offset + row * this.rowLength + column.offset },
      `column ${JSON.stringify(column.name)} row ${row}: unparsable ${column.tform} field ${JSON.stringify(text)}`,
    );
  }
}

/** Parses a numeric field; `decimals` digits are taken as fraction when the field has no decimal point. */
export function parseAsciiNumber(text: string, decimals: number): number | undefined {
  const match = NUMBER.exec(text.replace(/\s+/g, ''));
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction, exponent] = match;
  if (whole === '' && (fraction === undefined || fraction === '')) return undefined;
  const mantissa = fraction === undefined && decimals > 0 ? `${whole.slice(0, -decimals) || '0'}.${whole.slice(-decimals).padStart(decimals, '0')}` : `${whole || '0'}.${fraction ?? ''}`;
  return Number.parseFloat(`${sign}${mantissa}${exponent === undefined ? '' : `E${exponent}`}`);
}

/**
 * Reads the column definitions of an ASCII `TABLE` header.
 * @throws FitsError for a missing or bad `TFIELDS`, `TFORMn` or `TBCOLn`, or a field outside the row.
 */
export function readAsciiTableColumns(header: FitsHeader, rowLength: number, location: Required<FitsLocation>): AsciiTableColumn[] {
  const fail = (message: string): never => {
    throw new FitsError(location, message);
  };
  const fields = header.get('TFIELDS');
  if (typeof fields !== 'number' || !Number.isInteger(fields) || fields < 0 || fields > MAX_FIELDS) {
    return fail(fields === undefined ? 'ASCII table without TFIELDS keyword' : `bad TFIELDS ${describeValue(fields)}`);
  }
  return Array.from({ length: fields }, (_, i) => {
    const n = i + 1;
    const tform = header.getString(`TFORM${n}`) ?? fail(`missing or bad TFORM${n}`);
    const match = TFORM.exec(tform) ?? fail(`bad TFORM${n} ${JSON.stringify(tform)}`);
    const tbcol = header.get(`TBCOL${n}`);
    if (typeof tbcol !== 'number' || !Number.isInteger(tbcol) || tbcol < 1) return fail(tbcol === undefined ? `missing TBCOL${n} keyword` : `bad TBCOL${n} ${describeValue(tbcol)}`);
    const width = Number(match[2]);
    if (tbcol - 1 + width > rowLength) fail(`field ${n} (TBCOL${n} = ${tbcol}, width ${width}) does not fit in NAXIS1 = ${rowLength}`);
    const unit = header.getString(`TUNIT${n}`);
    const tnull = header.get(`TNULL${n}`);
    const scale = (key: string, fallback: number): number => {
      const value = header.get(key);
      if (value === undefined) return fallback;
      return typeof value === 'number' ? value : fail(`bad ${key} ${describeValue(value)} (expected a number)`);
    };
    return {
      number: n,
      name: header.getString(`TTYPE${n}`)?.trim() ?? '',
      tform,
      type: match[1] as AsciiTableColumn['type'],
      width,
      decimals: match[3] === undefined ? 0 : Number(match[3]),
      offset: tbcol - 1,
      ...(unit === undefined ? {} : { unit }),
      ...(tnull === undefined || tnull === null || typeof tnull === 'object' ? {} : { tnull: String(tnull) }),
      tscal: scale(`TSCAL${n}`, 1),
      tzero: scale(`TZERO${n}`, 0),
    };
  });
}
