import { isBitpix, type Bitpix } from './bitpix.js';
import { COMMENTARY_KEYWORDS, describeValue, normalizeKeyword, type Card, type CardValue } from './card.js';
import { FitsError, type FitsLocation } from './errors.js';
import { FitsHeader } from './header.js';

/** The tile-compression keywords of a `ZIMAGE = T` binary table (FITS 4.0 §10). */
export interface TileCompression {
  /** `ZCMPTYPE`: `GZIP_1`, `GZIP_2`, `RICE_1`, `PLIO_1`, `HCOMPRESS_1`, `NOCOMPRESS`. */
  readonly algorithm: string;
  /** `ZBITPIX` of the uncompressed image. */
  readonly bitpix: Bitpix;
  /** `ZNAXIS1`…`ZNAXISn`. */
  readonly shape: readonly number[];
  /** `ZTILE1`…`ZTILEn`; default is row by row (`[ZNAXIS1, 1, …]`). */
  readonly tile: readonly number[];
  /** `ZNAMEi` → `ZVALi` (e.g. `BLOCKSIZE`, `BYTEPIX`, `SMOOTH`, `SCALE`). */
  readonly parameters: ReadonlyMap<string, CardValue>;
  /** `ZQUANTIZ`: `NO_DITHER`, `SUBTRACTIVE_DITHER_1`, `SUBTRACTIVE_DITHER_2`. */
  readonly quantize?: string;
  /** `ZDITHER0`: the dither seed. */
  readonly dither0?: number;
  /** `ZBLANK` keyword (a `ZBLANK` column is per tile). */
  readonly blank?: number | bigint;
  /** `ZMASKCMP`: the algorithm of a compressed null-pixel mask. */
  readonly maskAlgorithm?: string;
}

const MAX_NAXIS = 999;

/**
 * Reads the `Z*` keywords of a tile-compressed image HDU.
 * @throws FitsError when `ZCMPTYPE`, `ZBITPIX`, `ZNAXIS`, `ZNAXISn` or `ZTILEn` is missing or invalid.
 */
export function readTileCompression(header: FitsHeader, location: Required<FitsLocation>): TileCompression {
  const fail = (message: string): never => {
    throw new FitsError(location, message);
  };
  const integer = (key: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const value = header.get(key);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return fail(value === undefined ? `missing ${key} keyword` : `bad ${key} ${describeValue(value)}`);
    }
    return value;
  };
  const algorithm = header.getString('ZCMPTYPE')?.trim() ?? fail('missing or bad ZCMPTYPE keyword');
  const bitpix = header.get('ZBITPIX');
  if (!isBitpix(bitpix)) return fail(`bad ZBITPIX ${describeValue(bitpix)}`);
  const naxis = integer('ZNAXIS', 0, MAX_NAXIS);
  const shape = Array.from({ length: naxis }, (_, i) => integer(`ZNAXIS${i + 1}`, 0));
  const tile = shape.map((axis, i) => (header.has(`ZTILE${i + 1}`) ? integer(`ZTILE${i + 1}`, 1) : i === 0 ? axis : 1));
  const parameters = new Map<string, CardValue>();
  for (let i = 1; header.has(`ZNAME${i}`); i++) {
    const name = header.getString(`ZNAME${i}`)?.trim() ?? fail(`bad ZNAME${i}`);
    parameters.set(name, header.get(`ZVAL${i}`) ?? null);
  }
  const quantize = header.getString('ZQUANTIZ')?.trim();
  const dither0 = header.getNumber('ZDITHER0');
  const blank = header.get('ZBLANK');
  const maskAlgorithm = header.getString('ZMASKCMP')?.trim();
  return {
    algorithm,
    bitpix,
    shape,
    tile,
    parameters,
    ...(quantize === undefined ? {} : { quantize }),
    ...(dither0 === undefined ? {} : { dither0 }),
    ...(typeof blank === 'number' || typeof blank === 'bigint' ? { blank } : {}),
    ...(maskAlgorithm === undefined ? {} : { maskAlgorithm }),
  };
}

const TABLE_KEYWORD = /^T(TYPE|FORM|UNIT|NULL|SCAL|ZERO|DISP|BCOL|DIM|CTYP|CUNI|CRPX|CRVL|CDLT|RPOS)[1-9][0-9 ]*$/;
const COMPRESSION_KEYWORD = /^(ZSIMPLE|ZTENSION|ZBITPIX|ZEXTEND|ZBLOCKED|ZPCOUNT|ZGCOUNT|ZHECKSUM|ZDATASUM|ZIMAGE|ZCMPTYPE|ZMASKCMP|ZQUANTIZ|ZDITHER0|ZBLANK|ZSCALE|ZZERO|(ZNAXIS|ZTILE|ZNAME|ZVAL)([1-9][0-9 ]*)?)$/;
const STRIPPED = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|GROUPS|BSCALE|BZERO|TFIELDS|THEAP|CHECKSUM|DATASUM)$/;

/**
 * The header of the uncompressed image, built from the binary-table header the way astropy does:
 * table and compression keywords removed, `ZSIMPLE`/`ZTENSION`, `ZBITPIX`, `ZNAXISn`, `ZPCOUNT`,
 * `ZGCOUNT`, `ZEXTEND`, `ZBLOCKED`, `ZHECKSUM`, `ZDATASUM`, `ZBLANK` mapped back to their image keywords.
 */
export function compressedImageHeader(table: FitsHeader): FitsHeader {
  const cards: Card[] = table.cards.filter((card) => {
    const keyword = normalizeKeyword(card.keyword);
    return !(STRIPPED.test(keyword) || TABLE_KEYWORD.test(keyword) || COMPRESSION_KEYWORD.test(keyword));
  });
  const from = (source: string, keyword: string, fallback?: CardValue): Card[] => {
    const card = table.getCard(source);
    if (card?.value === undefined) return fallback === undefined ? [] : [{ keyword, value: fallback }];
    return [{ keyword, value: card.value, ...(card.comment === undefined ? {} : { comment: card.comment }), ...(card.float ? { float: true } : {}) }];
  };

  const primary = table.has('ZSIMPLE');
  const naxis = table.getNumber('ZNAXIS') ?? 0;
  const head: Card[] = [
    ...(primary ? from('ZSIMPLE', 'SIMPLE') : [{ keyword: 'XTENSION', value: 'IMAGE', ...commentOf(table, 'ZTENSION') }]),
    ...from('ZBITPIX', 'BITPIX'),
    ...from('ZNAXIS', 'NAXIS'),
    ...Array.from({ length: naxis }, (_, i) => from(`ZNAXIS${i + 1}`, `NAXIS${i + 1}`)).flat(),
    ...(primary ? [] : [...from('ZPCOUNT', 'PCOUNT', 0), ...from('ZGCOUNT', 'GCOUNT', 1)]),
  ];
  const image = [...head, ...cards.filter((card) => !(normalizeKeyword(card.keyword) === 'EXTNAME' && card.value === 'COMPRESSED_IMAGE'))];

  const appended: Card[] = [];
  if (table.get('BSCALE')) appended.push(stripComment(from('BSCALE', 'BSCALE')));
  if (table.get('BZERO')) appended.push(stripComment(from('BZERO', 'BZERO')));
  appended.push(...from('ZEXTEND', 'EXTEND'), ...from('ZBLOCKED', 'BLOCKED'), ...from('ZHECKSUM', 'CHECKSUM'), ...from('ZDATASUM', 'DATASUM'));
  const bitpix = table.get('ZBITPIX');
  if (typeof bitpix === 'number' && bitpix > 0 && !image.some((card) => card.keyword === 'BLANK')) appended.push(...from('ZBLANK', 'BLANK'));
  return new FitsHeader(insertBeforeTrailingCommentary(image, appended));
}

/** astropy sets BSCALE/BZERO by value, dropping their comments. */
function stripComment([card]: Card[]): Card {
  const { comment: _comment, ...rest } = card as Card;
  return rest;
}

function commentOf(header: FitsHeader, key: string): { comment?: string } {
  const comment = header.getCard(key)?.comment;
  return comment === undefined ? {} : { comment };
}

/** Inserts `extra` after the last card that is not commentary, as astropy's `Header.append` does. */
function insertBeforeTrailingCommentary(cards: Card[], extra: Card[]): Card[] {
  let index = cards.length;
  while (index > 0 && COMMENTARY_KEYWORDS.has(cards[index - 1]?.keyword ?? '')) index--;
  return [...cards.slice(0, index), ...extra, ...cards.slice(index)];
}
