import type { CardValue } from '../fits/card.js';
import { compressedImageHeader } from '../fits/compressed-image.js';
import type { Hdu, HduInfo, ImageHdu, PrimaryHdu } from '../fits/hdu.js';
import { readLayout } from '../fits/hdu-layout.js';
import type { HduKind } from '../fits/hdu-kind.js';
import type { FitsHeader } from '../fits/header.js';
import { readScaling, type FitsImage } from '../fits/image.js';
import type { StoredImage } from './image-diff.js';
import { asciiTableView, binTableView, type TableView } from './table-view.js';

/** The data of an HDU in the form the comparators take. */
export type HduData =
  | {
      readonly kind: 'image';
      readonly image: () => FitsImage;
      /** The undecoded pixels of an uncompressed image; undefined when they cannot be described without decoding. */
      readonly stored?: () => StoredImage | undefined;
    }
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
  return viewWithData(hdu.kind === 'compressed-image' ? hdu.imageHeader() : hdu.header, hdu, dataOf(hdu));
}

/** Presents an HDU read without its data (no data is compared then). */
export function viewHduInfo(info: HduInfo): HduView {
  return viewWithData(info.kind === 'compressed-image' ? compressedImageHeader(info.header) : info.header, info, { kind: 'none' });
}

function viewWithData(header: FitsHeader, info: Pick<HduInfo, 'index' | 'kind'>, data: HduData): HduView {
  const name = header.get('EXTNAME');
  return {
    index: info.index,
    kind: info.kind,
    header,
    name: name === undefined || name === null ? (info.kind === 'primary' ? 'PRIMARY' : '') : String(name),
    version: header.get('EXTVER') ?? 1,
    level: header.get('EXTLEVEL') ?? 1,
    extension: header.get('XTENSION'),
    data,
  };
}

function dataOf(hdu: Hdu): HduData {
  switch (hdu.kind) {
    case 'primary':
    case 'image':
      return hasData(hdu.header) ? { kind: 'image', image: () => hdu.image(), stored: () => storedImage(hdu) } : { kind: 'none' };
    case 'compressed-image':
      return { kind: 'image', image: () => hdu.image() };
    case 'bintable':
      return { kind: 'table', table: () => tableView(hdu, () => binTableView(hdu.table(), hdu.header, hdu.rawData())), header: hdu.header };
    case 'table':
      return { kind: 'table', table: () => tableView(hdu, () => asciiTableView(hdu.table(), hdu.header)), header: hdu.header };
    case 'unknown':
      return { kind: 'raw', bytes: () => hdu.rawData() };
  }
}

/** The table view of each table HDU, built once per header revision (an HDU both files share is viewed once for both sides). */
const tableViews = new WeakMap<Hdu, { readonly revision: number; readonly view: TableView }>();

function tableView(hdu: Hdu, build: () => TableView): TableView {
  const known = tableViews.get(hdu);
  if (known && known.revision === hdu.header.revision) return known.view;
  const view = build();
  tableViews.set(hdu, { revision: hdu.header.revision, view });
  return view;
}

/** BITPIX, shape and scaling from the header, and the data unit bytes; undefined where decoding would fail. */
function storedImage(hdu: PrimaryHdu | ImageHdu): StoredImage | undefined {
  const location = { file: '', hdu: hdu.index, offset: hdu.headerOffset };
  try {
    const layout = readLayout(hdu.header, location);
    if (layout.randomGroups) return undefined;
    return { bitpix: layout.bitpix, shape: layout.axes, scaling: readScaling(hdu.header, layout.bitpix, location), bytes: hdu.rawData() };
  } catch {
    return undefined; // image() reports the problem
  }
}

/** astropy leaves `data` empty (`None`) for an image HDU with `NAXIS = 0`. */
export function hasData(header: FitsHeader): boolean {
  const naxis = header.get('NAXIS');
  return typeof naxis === 'number' && naxis > 0;
}
