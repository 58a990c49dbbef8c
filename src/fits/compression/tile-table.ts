import type { BinTable } from '../bintable.js';
import type { BinTableColumn } from '../bintable-column.js';
import type { FitsHeader } from '../header.js';
import { ELEMENT_SIZE, type BinaryType } from '../tform.js';
import { CorruptTileError } from './tile-error.js';

/** The heap bytes of one cell of a variable-length array column. */
export interface HeapCell {
  /** The cell's bytes (a view of the data unit). */
  readonly bytes: Uint8Array;
  /** Elements in the cell. */
  readonly count: number;
  /** Element type of the column (`B`, `I`, `J`, `K`, `E`, `D`). */
  readonly type: BinaryType;
  /** Offset of the first byte in the data unit. */
  readonly offset: number;
}

/** Raw access to the variable-length array columns of a compressed-image table (bytes as stored). */
export class TileTable {
  readonly #table: BinTable;
  readonly #data: Uint8Array;
  readonly #view: DataView;
  readonly #heap: number;

  /** @param data the data unit of the binary table. */
  constructor(table: BinTable, header: FitsHeader, data: Uint8Array) {
    this.#table = table;
    this.#data = data;
    this.#view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const theap = header.get('THEAP');
    this.#heap = typeof theap === 'number' ? theap : table.rowCount * table.rowLength;
  }

  /** Rows of the table: one per tile. */
  get rowCount(): number {
    return this.#table.rowCount;
  }

  /** The variable-length array column with this name, if the table has one. */
  variableColumn(name: string): BinTableColumn | undefined {
    const column = this.#table.column(name);
    return column?.format.descriptor ? column : undefined;
  }

  /** Numeric values of a fixed-width column (one per row), if the table has it. */
  numbers(name: string): number[] | undefined {
    const column = this.#table.column(name);
    if (!column || column.format.descriptor) return undefined;
    const data = this.#table.read(column.number);
    return data.kind === 'number' ? Array.from(data.values, Number) : undefined;
  }

  /**
   * The cell of `column` in `row`.
   * @throws CorruptTileError (offset in the data unit) when the descriptor points outside the heap.
   */
  cell(column: BinTableColumn, row: number): HeapCell {
    const { format } = column;
    const descriptorAt = row * this.#table.rowLength + column.offset;
    const view = this.#view;
    const wide = format.descriptor === 'Q';
    const count = wide ? Number(view.getBigInt64(descriptorAt)) : view.getInt32(descriptorAt);
    const heapOffset = wide ? Number(view.getBigInt64(descriptorAt + 8)) : view.getInt32(descriptorAt + 4);
    const size = count * (ELEMENT_SIZE[format.type] ?? 1);
    const start = this.#heap + heapOffset;
    if (count < 0 || heapOffset < 0 || start + size > this.#data.length) {
      throw new CorruptTileError(`column ${column.name} row ${row}: ${count} elements at heap offset ${heapOffset} lie outside the heap`, descriptorAt);
    }
    return { bytes: this.#data.subarray(start, start + size), count, type: format.type, offset: start };
  }
}
