import type { CardValue } from '../fits/card.js';
import type { FitsHeader } from '../fits/header.js';
import { diffCatalogs, type CatalogDiff } from './catalog-diff.js';
import type { DiffBase, Pair } from './diff-value.js';
import type { FitsDiffOptions } from './fits-diff-options.js';
import { diffHeaders, type HeaderDiff } from './header-diff.js';
import type { HduView } from './hdu-view.js';
import { diffImages, diffStoredImages, type ImageDiff } from './image-diff.js';
import { diffMasks, diffStoredMasks, type MaskDiff } from './mask-diff.js';
import { isMaskHeader } from './mask-planes.js';
import { pixelTypeOf } from './pixel-values.js';
import { diffRawData, type RawDataDiff } from './raw-data-diff.js';
import { diffTableData, type TableDataDiff } from './table-data-diff.js';

/** The data comparison of an HDU pair. */
export type HduDataDiff = ImageDiff | MaskDiff | TableDataDiff | CatalogDiff | RawDataDiff;

/** Differences between two HDUs, modelled on astropy's `HDUDiff`. */
export interface HduDiff extends DiffBase<'hdu'> {
  /** Zero-based index of the HDU in each file. */
  readonly index: Pair<number>;
  /** astropy's name of the HDU in file a (`EXTNAME`, `PRIMARY`, or empty). */
  readonly name: string;
  readonly version: CardValue;
  readonly extnames?: Pair<string>;
  readonly extvers?: Pair<CardValue>;
  readonly extlevels?: Pair<CardValue>;
  readonly extensionTypes?: Pair<CardValue | undefined>;
  readonly header: HeaderDiff;
  /** Absent when the data was not compared (no data on a side, data of different kinds, or `compareData` off). */
  readonly data?: HduDataDiff;
}

/**
 * Compares two HDUs: name, version, level and extension type, the headers, and the data when both
 * sides hold data of the same kind (images, masks, tables, or bytes of other extensions of one type).
 */
export function diffHdus(a: HduView, b: HduView, options: FitsDiffOptions): HduDiff {
  return diffHdusWithData(a, b, options, (extensionTypesDiffer) => diffData(a, b, options, extensionTypesDiffer));
}

/**
 * {@link diffHdus} with the data comparison made by `data` (given whether the extension types differ),
 * for callers that compared the data another way.
 */
export function diffHdusWithData(a: HduView, b: HduView, options: FitsDiffOptions, data: (extensionTypesDiffer: boolean) => HduDataDiff | undefined): HduDiff {
  const extnames = a.name !== b.name ? { a: a.name, b: b.name } : undefined;
  const extvers = a.version !== b.version ? { a: a.version, b: b.version } : undefined;
  const extlevels = a.level !== b.level ? { a: a.level, b: b.level } : undefined;
  const extensionTypes = a.extension !== b.extension ? { a: a.extension, b: b.extension } : undefined;
  const header = diffHeaders(a.header, b.header, {
    ignoreKeywords: options.ignoreKeywords,
    ignoreComments: options.ignoreComments,
    tolerance: options.tolerance,
    ignoreBlanks: options.ignoreBlanks,
    ignoreBlankCards: options.ignoreBlankCards,
    countAllCards: options.countAllCards,
    oneSidedKeywords: options.oneSidedKeywords,
  });
  const dataDiff = options.compareData ? data(extensionTypes !== undefined) : undefined;
  const identical = !extnames && !extvers && !extlevels && !extensionTypes && header.identical && (dataDiff?.identical ?? true);
  const diff = {
    index: { a: a.index, b: b.index },
    name: a.name,
    version: a.version,
    ...(extnames ? { extnames } : {}),
    ...(extvers ? { extvers } : {}),
    ...(extlevels ? { extlevels } : {}),
    ...(extensionTypes ? { extensionTypes } : {}),
    header,
    ...(dataDiff ? { data: dataDiff } : {}),
  };
  return { kind: 'hdu', identical, summary: summarizeHdu(diff), ...diff };
}

function diffData(a: HduView, b: HduView, options: FitsDiffOptions, extensionTypesDiffer: boolean): HduDataDiff | undefined {
  const maxReported = options.maxReportedValues;
  if (a.data.kind === 'image' && b.data.kind === 'image') {
    const storedA = a.data.stored?.();
    const storedB = storedA ? b.data.stored?.() : undefined;
    if (storedA && storedB) {
      const diff = compareAsMasks(a, b, options, pixelTypeOf(storedA) === 'integer' && pixelTypeOf(storedB) === 'integer')
        ? diffStoredMasks({ stored: storedA, header: a.header }, { stored: storedB, header: b.header }, { maxReportedPixels: maxReported })
        : diffStoredImages(storedA, storedB, { tolerance: options.tolerance, nonFinite: options.nonFinite, maxReportedPixels: maxReported });
      if (diff) return diff;
    }
    const imageA = a.data.image();
    const imageB = b.data.image();
    if (compareAsMasks(a, b, options, pixelTypeOf(imageA) === 'integer' && pixelTypeOf(imageB) === 'integer')) {
      return diffMasks({ image: imageA, header: a.header }, { image: imageB, header: b.header }, { maxReportedPixels: maxReported });
    }
    return diffImages(imageA, imageB, { tolerance: options.tolerance, nonFinite: options.nonFinite, maxReportedPixels: maxReported });
  }
  if (a.data.kind === 'table' && b.data.kind === 'table') {
    if (compareAsCatalogs(a.data.header, b.data.header, options)) {
      return diffCatalogs(
        { table: a.data.table(), header: a.data.header },
        { table: b.data.table(), header: b.data.header },
        { tolerance: options.tolerance, ignoreFields: options.ignoreFields, maxReportedValues: maxReported, ...options.catalog },
      );
    }
    return diffTableData(a.data.table(), b.data.table(), { tolerance: options.tolerance, ignoreFields: options.ignoreFields, maxReportedValues: maxReported });
  }
  if (a.data.kind === 'raw' && b.data.kind === 'raw' && !extensionTypesDiffer) return diffRawData(a.data.bytes(), b.data.bytes(), { maxReportedBytes: maxReported });
  return undefined;
}

function compareAsCatalogs(a: FitsHeader, b: FitsHeader, options: FitsDiffOptions): boolean {
  if (options.tables !== 'auto') return options.tables === 'catalog';
  return a.has('AFW_TYPE') && b.has('AFW_TYPE');
}

function compareAsMasks(a: HduView, b: HduView, options: FitsDiffOptions, integers: boolean): boolean {
  if (!integers || options.masks === 'none') return false;
  return options.masks === 'all' || isMaskHeader(a.header) || isMaskHeader(b.header);
}

function summarizeHdu(diff: Omit<HduDiff, 'kind' | 'identical' | 'summary'>): string {
  const parts: string[] = [];
  if (diff.extensionTypes) parts.push(`extension types ${String(diff.extensionTypes.a)} vs ${String(diff.extensionTypes.b)}`);
  if (diff.extnames) parts.push(`names ${JSON.stringify(diff.extnames.a)} vs ${JSON.stringify(diff.extnames.b)}`);
  if (diff.extvers) parts.push(`versions ${String(diff.extvers.a)} vs ${String(diff.extvers.b)}`);
  if (diff.extlevels) parts.push(`levels ${String(diff.extlevels.a)} vs ${String(diff.extlevels.b)}`);
  if (!diff.header.identical) parts.push(diff.header.summary);
  if (diff.data && !diff.data.identical) parts.push(diff.data.summary);
  return parts.length === 0 ? 'identical' : parts.join('; ');
}
