import { AsciiTable, readAsciiTableColumns } from './ascii-table.js';
import { BinTable } from './bintable.js';
import { readBinTableColumns } from './bintable-column.js';
import { describeValue } from './card.js';
import { compressedImageHeader, readTileCompression } from './compressed-image.js';
import { decompressImage } from './compression/decompress.js';
import { FitsError, type FitsLocation } from './errors.js';
import type { Hdu, HduBase, HduInfo } from './hdu.js';
import type { HduKind } from './hdu-kind.js';
import type { HduLayout } from './hdu-layout.js';
import { decodeImage } from './image.js';

/** Everything a data decoder needs to attach its accessors to an HDU. */
export interface DecoderInput {
  readonly base: HduBase;
  readonly layout: HduLayout;
  readonly location: Required<FitsLocation>;
}

type HduDecoders = { readonly [K in HduKind]: (input: DecoderInput) => Extract<Hdu, { kind: K }> };

/**
 * The data decoder of each HDU kind: adds the kind's accessors (decoded lazily, then cached). The HDUs
 * are built with `Object.assign`: in Node 20 a literal that starts with a spread and adds properties
 * takes a slow runtime path (~1.5 µs per object).
 */
export const HDU_DECODERS: HduDecoders = {
  primary: ({ base, layout, location }) => Object.assign({}, base, { kind: 'primary' as const, image: once(() => decodeImage(base.header, layout, base.rawData(), location)) }),
  image: ({ base, layout, location }) => Object.assign({}, base, { kind: 'image' as const, image: once(() => decodeImage(base.header, layout, base.rawData(), location)) }),
  'compressed-image': (input) => {
    const compression = once(() => readTileCompression(input.base.header, { ...input.location, offset: input.base.headerOffset }));
    const imageHeader = once(() => compressedImageHeader(input.base.header));
    const table = once(() => decodeBinTable(input));
    const image = once(() =>
      decompressImage({ header: input.base.header, compression: compression(), imageHeader: imageHeader(), table: table(), data: input.base.rawData(), location: input.location }),
    );
    return Object.assign({}, input.base, { kind: 'compressed-image' as const, compression, imageHeader, table, image });
  },
  bintable: (input) => Object.assign({}, input.base, { kind: 'bintable' as const, table: once(() => decodeBinTable(input)) }),
  table: (input) => Object.assign({}, input.base, { kind: 'table' as const, table: once(() => decodeAsciiTable(input)) }),
  unknown: ({ base }) => Object.assign({}, base, { kind: 'unknown' as const }),
};

/** Builds the {@link Hdu} for `info`, whose data unit is `data` (unpadded). */
export function createHdu(info: HduInfo, layout: HduLayout, data: Buffer, file: string): Hdu {
  const base: HduBase = Object.assign({}, info, { rawData: () => data });
  const location = { file, hdu: info.index, offset: info.dataOffset };
  return HDU_DECODERS[info.kind]({ base, layout, location });
}

function tableShape({ layout, location }: DecoderInput, type: string): { rowLength: number; rowCount: number } {
  const [rowLength, rowCount] = layout.axes;
  if (layout.axes.length !== 2 || rowLength === undefined || rowCount === undefined) {
    throw new FitsError(location, `${type} must have NAXIS = 2, not ${layout.axes.length}`);
  }
  return { rowLength, rowCount };
}

function decodeBinTable(input: DecoderInput): BinTable {
  const { base, location } = input;
  const { rowLength, rowCount } = tableShape(input, 'a binary table');
  const columns = readBinTableColumns(base.header, rowLength, { ...location, offset: base.headerOffset });
  const mainSize = rowLength * rowCount;
  const theap = base.header.get('THEAP') ?? mainSize;
  if (typeof theap !== 'number' || !Number.isInteger(theap) || theap < mainSize || theap > base.dataSize) {
    throw new FitsError({ ...location, offset: base.headerOffset }, `bad THEAP ${describeValue(theap)} (the table takes ${mainSize} bytes, the data unit ${base.dataSize})`);
  }
  return new BinTable(columns, rowCount, rowLength, base.rawData(), theap, location);
}

function decodeAsciiTable(input: DecoderInput): AsciiTable {
  const { base, location } = input;
  const { rowLength, rowCount } = tableShape(input, 'an ASCII table');
  const columns = readAsciiTableColumns(base.header, rowLength, { ...location, offset: base.headerOffset });
  return new AsciiTable(columns, rowCount, rowLength, base.rawData(), location);
}

function once<T>(compute: () => T): () => T {
  let cached: { value: T } | undefined;
  return () => (cached ??= { value: compute() }).value;
}
