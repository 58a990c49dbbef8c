import { readFits, readFitsHeaders, type FitsFile, type FitsHeaders } from '../fits/fits-file.js';
import type { DiffBase, Pair } from './diff-value.js';
import { ASTROPY_FITSDIFF_OPTIONS, type FitsDiffOptions } from './fits-diff-options.js';
import { diffHdus, diffHdusWithData, type HduDiff } from './hdu-diff.js';
import { identicalImageFiles } from './identical-files.js';
import { streamedTableFiles } from './streamed-tables.js';
import { viewHdu, viewHduInfo, type HduView } from './hdu-view.js';
import { wildcardMatcher } from './wildcard.js';

/** Differences between two FITS files, modelled on astropy's `FITSDiff`. */
export interface FitsDiff extends DiffBase<'fits'> {
  /** The sources compared (paths, or the descriptions given to `parseFits`). */
  readonly a: string;
  readonly b: string;
  /** Set when the files hold different numbers of HDUs. */
  readonly hduCounts?: Pair<number>;
  /** Every HDU pair compared (by position, after removing ignored HDUs), identical or not. */
  readonly hdus: readonly HduDiff[];
  /** Names of the HDUs left out by `ignoreHdus`. */
  readonly ignoredHdus: Pair<readonly string[]>;
  /** The options the comparison ran with. */
  readonly options: FitsDiffOptions;
}

/**
 * Compares two FITS files read into memory. HDUs are paired by position after removing those named
 * in `ignoreHdus`; the options default to astropy `FITSDiff`'s ({@link ASTROPY_FITSDIFF_OPTIONS}).
 * @throws FitsError when a data unit needed for the comparison is damaged.
 */
export function diffFits(a: FitsFile, b: FitsFile, options: Partial<FitsDiffOptions> = {}): FitsDiff {
  return diffViews(a.source, b.source, a.hdus.map(viewHdu), b.hdus.map(viewHdu), Object.assign({}, ASTROPY_FITSDIFF_OPTIONS, options), diffHdus);
}

/**
 * Compares the headers and HDU structure of two FITS files read without their data units (their data
 * is not compared, whatever `compareData` says).
 */
export function diffFitsHeaders(a: FitsHeaders, b: FitsHeaders, options: Partial<FitsDiffOptions> = {}): FitsDiff {
  return diffViews(a.source, b.source, a.hdus.map(viewHduInfo), b.hdus.map(viewHduInfo), Object.assign({}, ASTROPY_FITSDIFF_OPTIONS, options, { compareData: false }), diffHdus);
}

function diffViews(
  sourceA: string,
  sourceB: string,
  viewsA: readonly HduView[],
  viewsB: readonly HduView[],
  opts: FitsDiffOptions,
  compare: (a: HduView, b: HduView, options: FitsDiffOptions) => HduDiff,
): FitsDiff {
  const isIgnored = wildcardMatcher(
    opts.ignoreHdus.map((name) => name.toUpperCase()),
    { caseInsensitive: false },
  );
  const keptA = viewsA.filter((hdu) => !isIgnored(hdu.name));
  const keptB = viewsB.filter((hdu) => !isIgnored(hdu.name));
  const counted = opts.countIgnoredHdus ? [viewsA.length, viewsB.length] : [keptA.length, keptB.length];
  const hduCounts = counted[0] !== counted[1] ? { a: counted[0] as number, b: counted[1] as number } : undefined;
  const hdus: HduDiff[] = [];
  for (let i = 0; i < Math.min(keptA.length, keptB.length); i++) hdus.push(compare(keptA[i] as HduView, keptB[i] as HduView, opts));
  const identical = !hduCounts && hdus.every((hdu) => hdu.identical);
  const ignoredNames = (views: readonly HduView[]): string[] => views.filter((hdu) => isIgnored(hdu.name)).map((hdu) => hdu.name);
  return {
    kind: 'fits',
    identical,
    summary: summarizeFits(hduCounts, hdus),
    a: sourceA,
    b: sourceB,
    ...(hduCounts ? { hduCounts } : {}),
    hdus,
    ignoredHdus: { a: ignoredNames(viewsA), b: ignoredNames(viewsB) },
    options: opts,
  };
}

/**
 * Reads and compares two FITS files (each may be gzip-compressed).
 * @throws FileAccessError when a file cannot be read.
 * @throws FitsError when a file is not valid FITS; the message names the file.
 */
export async function diffFitsFiles(pathA: string, pathB: string, options: Partial<FitsDiffOptions> = {}): Promise<FitsDiff> {
  // Byte-identical image files are recognised by streaming them, without reading either into memory.
  const opts: FitsDiffOptions = Object.assign({}, ASTROPY_FITSDIFF_OPTIONS, options);
  if (!opts.compareData) return diffFitsHeaders(await readFitsHeaders(pathA), await readFitsHeaders(pathB), opts);
  const same = await identicalImageFiles(pathA, pathB, opts);
  if (same) return diffViews(pathA, pathB, same.views, same.views, opts, (a, b, o) => diffHdusWithData(a, b, o, (typesDiffer) => same.data(a, typesDiffer, o)));
  // Files of binary tables are compared by streaming their rows too.
  const streamed = await streamedTableFiles(pathA, pathB, opts);
  if (streamed) return diffViews(pathA, pathB, streamed.viewsA, streamed.viewsB, opts, diffHdus);
  const [a, b] = await Promise.all([readFits(pathA), readFits(pathB)]);
  return diffFits(a, b, options);
}

/** How an HDU is named in summaries and reports: `Primary HDU`, `HDU 2 (SCI)`. */
export function describeHdu(hdu: Pick<HduDiff, 'index' | 'name'>): string {
  if (hdu.index.a === 0) return 'Primary HDU';
  return hdu.name === '' ? `HDU ${hdu.index.a}` : `HDU ${hdu.index.a} (${hdu.name})`;
}

function summarizeFits(hduCounts: Pair<number> | undefined, hdus: readonly HduDiff[]): string {
  const differing = hdus.filter((hdu) => !hdu.identical);
  if (!hduCounts && differing.length === 0) return `identical (${hdus.length} HDU${hdus.length === 1 ? '' : 's'})`;
  const parts = hduCounts ? [`HDU counts ${hduCounts.a} vs ${hduCounts.b}`] : [];
  parts.push(...differing.slice(0, 3).map((hdu) => `${describeHdu(hdu)}: ${hdu.summary}`));
  if (differing.length > 3) parts.push(`${differing.length - 3} more HDUs differ`);
  return parts.join('; ');
}
