import { paddedSize } from './block.js';
import { encodeBinTable } from './bintable-encoder.js';
import { isIntegerBitpix } from './bitpix.js';
import { normalizeKeyword, type Card, type CardValue } from './card.js';
import { FitsError, FitsWriteError } from './errors.js';
import type { HduBase } from './hdu.js';
import { readLayout } from './hdu-layout.js';
import type { BinTableHduSpec, HduSpec, ImageHduSpec, RawHduSpec } from './hdu-spec.js';
import { FitsHeader } from './header.js';
import { encodeImageData } from './image-encoder.js';

const STRUCTURAL = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|GROUPS)$/;
const SCALING_KEYWORDS: ReadonlySet<string> = new Set(['BSCALE', 'BZERO', 'BLANK']);
const TABLE_KEYWORD = /^(TFIELDS|THEAP|T(TYPE|FORM|UNIT|NULL|SCAL|ZERO|DISP|DIM|BCOL)\d+)$/;


/**
 * Encodes HDUs as a FITS file: each header and data unit padded to 2880 bytes (headers with spaces,
 * data with zeros, ASCII-table data with spaces). The first spec becomes the primary HDU.
 * @throws FitsWriteError when a spec is inconsistent (shape vs data length, scaling options on an
 * offset-convention array, a raw header that does not match its data or position).
 */
export function encodeFits(specs: readonly HduSpec[]): Buffer {
  if (specs.length === 0) throw new FitsWriteError('a FITS file needs at least a primary HDU');
  return Buffer.concat(specs.flatMap(encodeHdu));
}

function encodeHdu(spec: HduSpec, index: number): Buffer[] {
  switch (spec.kind) {
    case 'image':
      return encodeImageHdu(spec, index);
    case 'bintable':
      return encodeBinTableHdu(spec, index);
    case 'raw':
      return encodeRawHdu(spec, index);
  }
}

/** A spec that writes a read HDU back unchanged (same header cards, same data bytes). */
export function rawSpecOf(hdu: HduBase): RawHduSpec {
  return { kind: 'raw', header: hdu.header, data: hdu.rawData() };
}

function encodeImageHdu(spec: ImageHduSpec, index: number): Buffer[] {
  const encoded = spec.data ? encodeImageData(spec.data) : undefined;
  const bitpix = encoded?.bitpix ?? spec.bitpix ?? 8;
  const shape = spec.shape ?? (spec.data ? [spec.data.length] : []);
  const elements = shape.length === 0 ? 0 : shape.reduce((product, axis) => product * axis, 1);
  if (shape.some((axis) => !Number.isSafeInteger(axis) || axis < 0)) throw new FitsWriteError(`HDU ${index}: bad image shape [${shape.join(', ')}]`);
  if (elements !== (spec.data?.length ?? 0)) {
    throw new FitsWriteError(`HDU ${index}: image shape [${shape.join(', ')}] has ${elements} elements, data has ${spec.data?.length ?? 0}`);
  }
  if (encoded?.bzero !== undefined && (spec.bzero !== undefined || spec.bscale !== undefined)) {
    throw new FitsWriteError(`HDU ${index}: ${spec.data?.constructor.name} is written with BZERO ${encoded.bzero}; pass stored values in a signed array to choose BSCALE/BZERO`);
  }
  if (spec.blank !== undefined && !isIntegerBitpix(bitpix)) throw new FitsWriteError(`HDU ${index}: BLANK is only allowed for integer data, not BITPIX ${bitpix}`);

  const cards: Card[] = [
    index === 0 ? { keyword: 'SIMPLE', value: true, comment: 'conforms to FITS standard' } : { keyword: 'XTENSION', value: 'IMAGE', comment: 'Image extension' },
    { keyword: 'BITPIX', value: bitpix, comment: 'array data type' },
    { keyword: 'NAXIS', value: shape.length, comment: 'number of array dimensions' },
    ...shape.map((axis, i) => ({ keyword: `NAXIS${i + 1}`, value: axis })),
    ...(index === 0
      ? [{ keyword: 'EXTEND', value: true }]
      : [
          { keyword: 'PCOUNT', value: 0, comment: 'number of parameters' },
          { keyword: 'GCOUNT', value: 1, comment: 'number of groups' },
        ]),
  ];

  const scaling = new Map<string, CardValue>();
  if (spec.bscale !== undefined || encoded?.bzero !== undefined) scaling.set('BSCALE', spec.bscale ?? 1);
  const bzero = encoded?.bzero ?? spec.bzero;
  if (bzero !== undefined) scaling.set('BZERO', bzero);
  if (spec.blank !== undefined) scaling.set('BLANK', spec.blank);
  const userCards = spec.header?.cards ?? [];
  const placedByUser = new Set(userCards.map((card) => normalizeKeyword(card.keyword)));
  for (const [keyword, value] of scaling) if (!placedByUser.has(keyword)) cards.push({ keyword, value });
  for (const card of userCards) {
    const keyword = normalizeKeyword(card.keyword);
    if (STRUCTURAL.test(keyword)) continue;
    if (!SCALING_KEYWORDS.has(keyword)) cards.push(card);
    else if (scaling.has(keyword)) {
      cards.push({ keyword, value: scaling.get(keyword) ?? null, ...(card.comment === undefined ? {} : { comment: card.comment }) });
      scaling.delete(keyword);
    }
  }
  const header = new FitsHeader(cards);
  const bytes = encoded?.bytes ?? Buffer.alloc(0);
  return [header.toBuffer(), bytes, Buffer.alloc(paddedSize(bytes.length) - bytes.length)];
}

function encodeBinTableHdu(spec: BinTableHduSpec, index: number): Buffer[] {
  if (index === 0) throw new FitsWriteError('a binary table cannot be the primary HDU; put an empty image first');
  const table = encodeBinTable(spec.columns, spec.rows);
  const cards: Card[] = [
    { keyword: 'XTENSION', value: 'BINTABLE', comment: 'binary table extension' },
    { keyword: 'BITPIX', value: 8, comment: 'array data type' },
    { keyword: 'NAXIS', value: 2, comment: 'number of array dimensions' },
    { keyword: 'NAXIS1', value: table.rowLength, comment: 'length of dimension 1' },
    { keyword: 'NAXIS2', value: table.rowCount, comment: 'length of dimension 2' },
    { keyword: 'PCOUNT', value: table.heap.length, comment: 'number of group parameters' },
    { keyword: 'GCOUNT', value: 1, comment: 'number of groups' },
    { keyword: 'TFIELDS', value: spec.columns.length, comment: 'number of table fields' },
    ...table.cards,
    ...(spec.header?.cards ?? []).filter((card) => {
      const keyword = normalizeKeyword(card.keyword);
      return !STRUCTURAL.test(keyword) && !TABLE_KEYWORD.test(keyword);
    }),
  ];
  const size = table.main.length + table.heap.length;
  return [new FitsHeader(cards).toBuffer(), table.main, table.heap, Buffer.alloc(paddedSize(size) - size)];
}

function encodeRawHdu(spec: RawHduSpec, index: number): Buffer[] {
  const first = spec.header.cards[0];
  const expected = index === 0 ? 'SIMPLE' : 'XTENSION';
  if (first?.keyword !== expected) {
    throw new FitsWriteError(`HDU ${index}: a raw ${index === 0 ? 'primary' : 'extension'} header must start with ${expected}, not ${first?.keyword ?? 'nothing'}`);
  }
  let dataSize: number;
  try {
    dataSize = readLayout(spec.header, { file: '<write>', hdu: index, offset: 0 }).dataSize;
  } catch (err) {
    if (err instanceof FitsError) throw new FitsWriteError(`HDU ${index}: ${err.message}`, { cause: err });
    throw err;
  }
  const data = spec.data ?? new Uint8Array(0);
  if (data.length !== dataSize) throw new FitsWriteError(`HDU ${index}: the header describes ${dataSize} data bytes, ${data.length} were given`);
  const fill = spec.header.getString('XTENSION')?.trim() === 'TABLE' ? ' ' : 0;
  return [spec.header.toBuffer(), Buffer.from(data.buffer, data.byteOffset, data.length), Buffer.alloc(paddedSize(data.length) - data.length, fill)];
}
