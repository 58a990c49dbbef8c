import type { CardValue } from '../fits/card.js';
import type { Hdu } from '../fits/hdu.js';
import type { HduKind } from '../fits/hdu-kind.js';
import type { FitsHeader } from '../fits/header.js';
import type { FitsImage } from '../fits/image.js';
import { asciiTableView, binTableView, type TableView } from './table-view.js';

/** The data of an HDU in the form the comparators take. */
export type HduData =
  | { readonly kind: 'image'; readonly image: () => FitsImage }
  | { readonly kind: 'table'; readonly table: () => TableView; readonly header: FitsHeader }
  | { readonly kind: 'raw'; readonly bytes: () => Uint8Array }
  | { readonly kind: 'none' };

/** An HDU as astropy presents it: the image header of a tile-compressed image, its name, version, level. */
export interface HduView {
  readonly index: number;
  readonly kind: HduKind;
  readonly header: FitsHeader;
  /** `EXTNAME`, or astropy's default (`PRIMARY` for the primary HDU, empty otherwise). */
  readonly name: string;
  /** `EXTVER`, default 1. */
  readonly version: CardValue;
  /** `EXTLEVEL`, default 1. */
  readonly level: CardValue;
  /** `XTENSION` of the presented header (absent for the primary HDU). */
  readonly extension: CardValue | undefined;
  readonly data: HduData;
}

/** Presents an HDU for comparison. */
export function viewHdu(hdu: Hdu): HduView {
  const header = hdu.kind === 'compressed-image' ? hdu.imageHeader() : hdu.header;
  const name = header.get('EXTNAME');
  return {
    index: hdu.index,
    kind: hdu.kind,
    header,
    name: name === undefined || name === null ? (hdu.kind === 'primary' ? 'PRIMARY' : '') : String(name),
    version: header.get('EXTVER') ?? 1,
    level: header.get('EXTLEVEL') ?? 1,
    extension: header.get('XTENSION'),
    data: dataOf(hdu),
  };
}

function dataOf(hdu: Hdu): HduData {
  switch (hdu.kind) {
    case 'primary':
    case 'image':
      return hasData(hdu.header) ? { kind: 'image', image: () => hdu.image() } : { kind: 'none' };
    case 'compressed-image':
      return { kind: 'image', image: () => hdu.image() };
    case 'bintable':
      return { kind: 'table', table: () => binTableView(hdu.table(), hdu.header), header: hdu.header };
    case 'table':
      return { kind: 'table', table: () => asciiTableView(hdu.table(), hdu.header), header: hdu.header };
    case 'unknown':
      return { kind: 'raw', bytes: () => hdu.rawData() };
  }
}

/** astropy leaves `data` empty (`None`) for an image HDU with `NAXIS = 0`. */
function hasData(header: FitsHeader): boolean {
  const naxis = header.get('NAXIS');
  return typeof naxis === 'number' && naxis > 0;
}
