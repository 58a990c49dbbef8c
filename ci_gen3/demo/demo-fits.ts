import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CardValue } from '../../src/fits/card.js';
import { writeFitsFileSync } from '../../src/fits/fits-file.js';
import type { HduSpec } from '../../src/fits/hdu-spec.js';
import { FitsHeader } from '../../src/fits/header.js';
import type { DemoDefect, DemoGeometry } from './pixels.js';

/** Header cards to write, in order: `[keyword, value, comment]`. */
export type HeaderCards = readonly (readonly [string, CardValue, string])[];

function header(cards: HeaderCards): FitsHeader {
  const h = new FitsHeader();
  for (const [key, value, comment] of cards) h.set(key, value, comment);
  return h;
}

/** Synchronous writes: a demo file is small, and a write on the thread pool costs more than the write itself. */
async function write(file: string, hdus: readonly HduSpec[]): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFitsFileSync(file, hdus);
}

/** Writes a single-HDU image (raw: unsigned 16-bit with BZERO 32768; calibrations: 32-bit float). */
export function writeDemoImage(file: string, cards: HeaderCards, data: Uint16Array | Float32Array, g: DemoGeometry): Promise<void> {
  return write(file, [{ kind: 'image', data, shape: [g.width, g.height], header: header(cards) }]);
}

/**
 * Writes a defects file the way afw's `Defects` is persisted: an empty primary HDU and a binary table with
 * int32 columns `x0`, `y0`, `x_extent`, `y_extent`.
 */
export function writeDemoDefects(file: string, cards: HeaderCards, defects: readonly DemoDefect[]): Promise<void> {
  const columns = ['x0', 'y0', 'x_extent', 'y_extent'] as const;
  const row = 4 * columns.length;
  const data = Buffer.alloc(row * defects.length);
  defects.forEach((d, i) => {
    [d.x0, d.y0, d.width, d.height].forEach((v, c) => data.writeInt32BE(v, i * row + 4 * c));
  });
  const table = header([
    ['XTENSION', 'BINTABLE', 'binary table extension'],
    ['BITPIX', 8, '8-bit bytes'],
    ['NAXIS', 2, '2-dimensional binary table'],
    ['NAXIS1', row, 'width of table in bytes'],
    ['NAXIS2', defects.length, 'number of rows in table'],
    ['PCOUNT', 0, 'size of special data area'],
    ['GCOUNT', 1, 'one data group (required keyword)'],
    ['TFIELDS', columns.length, 'number of fields in each row'],
    ...columns.flatMap((name, c): [string, CardValue, string][] => [
      [`TTYPE${c + 1}`, name, ''],
      [`TFORM${c + 1}`, '1J', 'format of field'],
    ]),
    ['EXTNAME', 'DEFECTS', ''],
    ...cards,
  ]);
  return write(file, [{ kind: 'image', header: new FitsHeader() }, { kind: 'raw', header: table, data }]);
}
