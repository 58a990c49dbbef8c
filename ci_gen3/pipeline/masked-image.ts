/**
 * A masked image (afw `MaskedImageF` in an `ExposureF` file): float image, 32-bit mask with afw's
 * default mask planes, float variance, and the exposure metadata. Encoded as afw writes an
 * exposure: an empty primary HDU holding the metadata, then `IMAGE`, `MASK` (with `MP_*` plane
 * keywords) and `VARIANCE` extensions, each with `EXTTYPE` and `INHERIT = T`.
 */
import type { CardValue } from '../../src/fits/card.js';
import type { FitsFile } from '../../src/fits/fits-file.js';
import type { HduSpec } from '../../src/fits/hdu-spec.js';
import { isImageHdu, type ImageHdu, type PrimaryHdu } from '../../src/fits/hdu.js';
import { FitsHeader } from '../../src/fits/header.js';
import { PipelineError } from './errors.js';
import { isProvenanceKeyword } from './provenance.js';

/** afw's default mask planes and their bits. */
export const MASK_PLANES = { BAD: 0, SAT: 1, INTRP: 2, CR: 3, EDGE: 4, DETECTED: 5, DETECTED_NEGATIVE: 6, SUSPECT: 7, NO_DATA: 8 } as const;
/** A mask plane name. */
export type MaskPlane = keyof typeof MASK_PLANES;

/** The bit value of a mask plane. */
export function maskBit(plane: MaskPlane): number {
  return 1 << MASK_PLANES[plane];
}

/** One metadata card: keyword, value, comment. */
export type MetadataCard = readonly [string, CardValue, string];

/** An image with mask and variance planes, row-major (x fastest). */
export interface MaskedImage {
  readonly width: number;
  readonly height: number;
  readonly image: Float32Array;
  readonly mask: Int32Array;
  readonly variance: Float32Array;
  /** Exposure metadata (primary header), in order. */
  readonly metadata: readonly MetadataCard[];
}

function extensionHeader(exttype: string, extra: readonly MetadataCard[] = []): FitsHeader {
  const h = new FitsHeader();
  h.set('INHERIT', true, 'Inherit the primary header');
  h.set('EXTTYPE', exttype, 'Extension type');
  h.set('EXTNAME', exttype, 'Extension name');
  for (const [k, v, c] of extra) h.set(k, v, c);
  return h;
}

/** The HDUs of a masked image as afw writes an exposure. */
export function maskedImageHdus(mi: MaskedImage): HduSpec[] {
  const primary = new FitsHeader();
  for (const [k, v, c] of mi.metadata) primary.set(k, v, c);
  const shape = [mi.width, mi.height];
  const planes = Object.entries(MASK_PLANES).map(([name, bit]): MetadataCard => [`MP_${name}`, bit, `Mask plane ${name}`]);
  return [
    { kind: 'image', header: primary },
    { kind: 'image', data: mi.image, shape, header: extensionHeader('IMAGE') },
    { kind: 'image', data: mi.mask, shape, header: extensionHeader('MASK', planes) },
    { kind: 'image', data: mi.variance, shape, header: extensionHeader('VARIANCE') },
  ];
}

function extension(fits: FitsFile, exttype: string): PrimaryHdu | ImageHdu {
  const hdu = fits.hdus.find((h) => h.header.getString('EXTTYPE')?.trim() === exttype || h.header.getString('EXTNAME')?.trim() === exttype);
  if (!hdu || !isImageHdu(hdu)) throw new PipelineError(`${fits.source}: no ${exttype} image extension`);
  return hdu;
}

/** Reads a masked image written by {@link maskedImageHdus} (or afw). @throws PipelineError for another layout. */
export function readMaskedImage(fits: FitsFile): MaskedImage {
  const image = extension(fits, 'IMAGE').image();
  const mask = extension(fits, 'MASK').image();
  const variance = extension(fits, 'VARIANCE').image();
  const [width, height] = image.shape;
  if (width === undefined || height === undefined || image.shape.length !== 2) throw new PipelineError(`${fits.source}: IMAGE is not two-dimensional`);
  for (const [name, img] of [['MASK', mask], ['VARIANCE', variance]] as const) {
    if (img.shape[0] !== width || img.shape[1] !== height) throw new PipelineError(`${fits.source}: ${name} is ${img.shape.join('×')}, IMAGE is ${width}×${height}`);
  }
  const primary = fits.hdus[0]?.header;
  const metadata: MetadataCard[] = [];
  for (const card of primary?.cards ?? []) {
    if (card.value === undefined || STRUCTURAL.has(card.keyword) || isProvenanceKeyword(card.keyword)) continue;
    metadata.push([card.keyword, card.value, card.comment ?? '']);
  }
  return {
    width,
    height,
    image: Float32Array.from(image.physical()),
    mask: Int32Array.from(mask.physical()),
    variance: Float32Array.from(variance.physical()),
    metadata,
  };
}

/** Keywords of a primary header that are structure, not metadata. */
export const STRUCTURAL = new Set(['SIMPLE', 'BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'NAXIS3', 'EXTEND', 'BZERO', 'BSCALE', 'BLANK', 'PCOUNT', 'GCOUNT', 'END']);

/** The pixels of a single-image FITS file (raw, bias, flat) as physical values, with its primary header. */
export interface PlainImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Float64Array | Float32Array;
  readonly header: FitsHeader;
}

/** Reads the first image HDU with data (the primary HDU of a raw or a master calibration). @throws PipelineError */
export function readPlainImage(fits: FitsFile): PlainImage {
  const hdu = fits.hdus.find((h) => isImageHdu(h) && h.dataSize > 0);
  if (!hdu || !isImageHdu(hdu)) throw new PipelineError(`${fits.source}: no image data`);
  const img = hdu.image();
  const [width, height] = img.shape;
  if (width === undefined || height === undefined || img.shape.length !== 2) throw new PipelineError(`${fits.source}: image is not two-dimensional`);
  return { width, height, pixels: img.physical(), header: fits.hdus[0]!.header };
}
