import { decodeBigEndian, decodeBigEndianStrided, type Bitpix, type StoredArray } from './bitpix.js';
import { findColumn, type BinTableColumn } from './bintable-column.js';
import { FitsError, type FitsLocation } from './errors.js';
import { elementBytes, type BinaryType } from './tform.js';

/** One row of a variable-length array column: numbers, interleaved complex parts, logicals or a string. */
export type VariableRow = StoredArray | (boolean | null)[] | string;

/**
 * The values of a column for all rows, row-major: row `r` holds elements `r × repeat` to `(r + 1) × repeat − 1`.
 * Numbers are stored values (apply TSCAL/TZERO/TNULL with {@link BinTable.physical}); complex values are
 * interleaved (re, im); logicals are `null` when undefined; bits are 0/1 bytes; strings are one per row
 * (one per `TDIM` first-axis width when TDIM is given), cut at the first NUL and without trailing spaces.
 */
export type ColumnData =
  | { readonly kind: 'number'; readonly values: StoredArray }
  | { readonly kind: 'complex'; readonly values: Float32Array | Float64Array }
  | { readonly kind: 'logical'; readonly values: (boolean | null)[] }
  | { readonly kind: 'bits'; readonly values: Uint8Array }
  | { readonly kind: 'string'; readonly values: string[] }
  | { readonly kind: 'variable'; readonly values: VariableRow[] };

const NUMERIC_BITPIX: Partial<Record<BinaryType, Bitpix>> = { B: 8, I: 16, J: 32, K: 64, E: -32, D: -64, C: -32, M: -64 };

/** A binary table data unit (main table and heap), decoded column by column on request. */
export class BinTable {
  readonly #data: Uint8Array;
  readonly #heapOffset: number;
  readonly #location: Required<FitsLocation>;

  /**
   * @param data the whole data unit: `rowCount` rows of `rowLength` bytes, then the heap.
   * @param heapOffset `THEAP`: where the heap starts in `data`.
   */
  constructor(
    readonly columns: readonly BinTableColumn[],
    readonly rowCount: number,
    readonly rowLength: number,
    data: Uint8Array,
    heapOffset: number,
    location: Required<FitsLocation>,
  ) {
    this.#data = data;
    this.#heapOffset = heapOffset;
    this.#location = location;
  }

  /** The column with this name (exact, then case-insensitive) or one-based number. */
  column(key: string | number): BinTableColumn | undefined {
    return findColumn(this.columns, key);
  }

  /**
   * Decodes a column for all rows.
   * @throws FitsError when there is no such column or a variable-length array points outside the heap.
   */
  read(key: string | number): ColumnData {
    const column = this.#require(key);
    const { format } = column;
    if (format.descriptor) return { kind: 'variable', values: this.#readVariable(column) };
    const bitpix = NUMERIC_BITPIX[format.type];
    if (bitpix !== undefined) {
      const complex = format.type === 'C' || format.type === 'M';
      const values = decodeBigEndianStrided(bitpix, this.#data, column.offset, this.rowLength, complex ? 2 * format.repeat : format.repeat, this.rowCount);
      return complex ? { kind: 'complex', values: values as Float32Array | Float64Array } : { kind: 'number', values };
    }
    const bytes = this.#gather(column.offset, format.width);
    return decodeField(format.type, bytes, this.rowCount, format.repeat, column.dims?.[0] ?? format.repeat);
  }

  /**
   * Physical values of a numeric column: TZERO + TSCAL × stored, TNULL → NaN (integer columns).
   * @throws FitsError for columns that are not numbers (strings, logicals, bits, complex, variable-length).
   */
  physical(key: string | number): Float64Array {
    const column = this.#require(key);
    const data = this.read(column.number);
    if (data.kind !== 'number') throw new FitsError(this.#location, `column ${describe(column)} (${column.tform}) is not numeric`);
    const { tscal, tzero } = column;
    const values = data.values;
    const out = new Float64Array(values.length);
    if (values instanceof BigInt64Array) {
      const tnull = column.tnull === undefined ? undefined : BigInt(column.tnull);
      const exact = tscal === 1 && Number.isInteger(tzero) ? BigInt(tzero) : undefined;
      for (let i = 0; i < values.length; i++) {
        const stored = values[i] as bigint;
        if (stored === tnull) out[i] = Number.NaN;
        else out[i] = exact === undefined ? tzero + tscal * Number(stored) : Number(stored + exact);
      }
      return out;
    }
    const isInteger = !(values instanceof Float32Array || values instanceof Float64Array);
    const tnull = isInteger && column.tnull !== undefined ? Number(column.tnull) : undefined;
    for (let i = 0; i < values.length; i++) {
      const stored = values[i] as number;
      out[i] = stored === tnull ? Number.NaN : tzero + tscal * stored;
    }
    return out;
  }

  #require(key: string | number): BinTableColumn {
    const column = this.column(key);
    if (!column) throw new FitsError(this.#location, `binary table has no column ${JSON.stringify(key)}`);
    return column;
  }

  /** The bytes of one field from every row, contiguous. */
  #gather(offset: number, width: number): Uint8Array {
    const { rowCount, rowLength } = this;
    const data = this.#data;
    const out = new Uint8Array(rowCount * width);
    if (width === rowLength) {
      out.set(data.subarray(offset, offset + rowCount * width));
    } else if (width <= 32) {
      // Narrow fields: a byte loop beats a subarray + set per row.
      for (let row = 0, target = 0; row < rowCount; row++) {
        const start = row * rowLength + offset;
        for (let k = 0; k < width; k++) out[target++] = data[start + k] as number;
      }
    } else {
      for (let row = 0; row < rowCount; row++) {
        const start = row * rowLength + offset;
        out.set(data.subarray(start, start + width), row * width);
      }
    }
    return out;
  }

  #readVariable(column: BinTableColumn): VariableRow[] {
    const { format } = column;
    if (format.repeat === 0) return Array.from({ length: this.rowCount }, () => emptyRow(format.type));
    const descriptorBitpix = format.descriptor === 'P' ? 32 : 64;
    const descriptors = decodeBigEndian(descriptorBitpix, this.#gather(column.offset, format.width), this.rowCount * 2);
    const rows: VariableRow[] = [];
    for (let row = 0; row < this.rowCount; row++) {
      const count = Number(descriptors[2 * row]);
      const offset = Number(descriptors[2 * row + 1]);
      const size = elementBytes(format.type, count);
      const start = this.#heapOffset + offset;
      if (count < 0 || offset < 0 || start + size > this.#data.length) {
        throw new FitsError(
          { ...this.#location, offset: this.#location.offset + row * this.rowLength + column.offset },
          `column ${describe(column)} row ${row}: variable-length array (${count} elements at heap offset ${offset}) lies outside the heap`,
        );
      }
      const field = decodeField(format.type, this.#data.subarray(start, start + size), 1, count, count);
      rows.push(field.kind === 'string' ? (field.values[0] ?? '') : (field.values as VariableRow));
    }
    return rows;
  }
}

function decodeField(type: BinaryType, bytes: Uint8Array, rows: number, repeat: number, stringWidth: number): ColumnData {
  const elements = rows * repeat;
  switch (type) {
    case 'L':
      return { kind: 'logical', values: Array.from(bytes.subarray(0, elements), (byte) => (byte === 0x54 ? true : byte === 0x46 ? false : null)) };
    case 'X':
      return { kind: 'bits', values: unpackBits(bytes, repeat, rows) };
    case 'A':
      return { kind: 'string', values: stringWidth === 0 ? Array.from({ length: rows }, () => '') : splitStrings(bytes, stringWidth) };
    case 'C':
    case 'M':
      return { kind: 'complex', values: decodeBigEndian(NUMERIC_BITPIX[type] as Bitpix, bytes, elements * 2) as Float32Array | Float64Array };
    default:
      return { kind: 'number', values: decodeBigEndian(NUMERIC_BITPIX[type] as Bitpix, bytes, elements) };
  }
}

/** Bits of `rows` fields of `bitsPerRow` bits each, most significant bit first, one 0/1 byte per bit. */
function unpackBits(bytes: Uint8Array, bitsPerRow: number, rows: number): Uint8Array {
  const rowBytes = Math.ceil(bitsPerRow / 8);
  const out = new Uint8Array(bitsPerRow * rows);
  for (let row = 0; row < rows; row++) {
    for (let bit = 0; bit < bitsPerRow; bit++) {
      out[row * bitsPerRow + bit] = ((bytes[row * rowBytes + (bit >> 3)] ?? 0) >> (7 - (bit & 7))) & 1;
    }
  }
  return out;
}

function splitStrings(bytes: Uint8Array, width: number): string[] {
  const strings: string[] = [];
  for (let start = 0; start + width <= bytes.length; start += width) {
    const field = bytes.subarray(start, start + width);
    const nul = field.indexOf(0);
    strings.push(Buffer.from(field.buffer, field.byteOffset, nul < 0 ? width : nul).toString('latin1').trimEnd());
  }
  return strings;
}

function emptyRow(type: BinaryType): VariableRow {
  return type === 'A' ? '' : (decodeField(type, new Uint8Array(0), 1, 0, 0).values as VariableRow);
}

function describe(column: BinTableColumn): string {
  return column.name === '' ? `#${column.number}` : JSON.stringify(column.name);
}
