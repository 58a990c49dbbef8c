/**
 * Runs one Gen2/Gen3 file pair through the comparator a suite comparison names, with the suite's
 * tolerances and ignore rules, and reduces the diff to a {@link PairVerdict}.
 */
import { compareFileBytes, type CompareFilesOptions, type DatasetDiff } from '../../src/diff/compare-files.js';
import type { ConfigDiff } from '../../src/diff/config-diff.js';
import { diffFitsHeaders, type FitsDiff } from '../../src/diff/fits-diff.js';
import { PARITY_FITS_OPTIONS } from '../../src/diff/fits-diff-options.js';
import { readFitsHeadersSync } from '../../src/fits/fits-file.js';
import { PARITY_IGNORED_KEYWORDS } from '../../src/diff/header-ignore-rules.js';
import type { RowMatchRule } from '../../src/diff/row-matching.js';
import type { StructuredDiff } from '../../src/diff/structured-diff.js';
import type { TextDiff } from '../../src/diff/text-diff.js';
import { CONFIG_TOLERANCE, PARITY_TOLERANCE, type Tolerance } from '../../src/diff/tolerance.js';
import type { ResolvedComparison } from '../suite/load-suite.js';
import { ReusedReadBuffers } from './reused-read-buffers.js';
import { catalogVerdict, configVerdict, headerVerdict, imageVerdict, structuredVerdict, textVerdict, type PairVerdict } from './pair-summaries.js';

/** The tolerance of a comparison: the suite's values over the comparator's parity default. */
export function toleranceOf(c: Pick<ResolvedComparison, 'comparator' | 'tolerances'>): Tolerance {
  const base = c.comparator === 'config' ? CONFIG_TOLERANCE : PARITY_TOLERANCE;
  return { rtol: c.tolerances?.rtol ?? base.rtol, atol: c.tolerances?.atol ?? base.atol };
}

function matchRule(c: Pick<ResolvedComparison, 'match'>): RowMatchRule {
  if (!c.match) return { by: 'auto' };
  if (c.match.by === 'id') return { by: 'id', column: c.match.column };
  return { by: 'sky', ra: 'coord_ra', dec: 'coord_dec', radiusArcsec: c.match.radiusArcsec, units: 'rad' };
}

function bytesVerdict(a: Buffer, b: Buffer): PairVerdict {
  if (a.equals(b)) return { outcome: 'identical', summaries: [], differingFields: [] };
  let first = 0;
  while (first < Math.min(a.length, b.length) && a[first] === b[first]) first++;
  return { outcome: 'different', summaries: [{ kind: 'text', lines: [`bytes differ from offset ${first} (Gen2 ${a.length} bytes, Gen3 ${b.length} bytes)`] }], differingFields: ['bytes'] };
}

/**
 * The files of the pair being compared. Reading, comparing and reducing the diff to a verdict (plain
 * values, no views of the bytes) happen without a pause, so pairs compared concurrently never share them.
 */
const pairBuffers = new ReusedReadBuffers();

/**
 * Compares the Gen2 file with the Gen3 file of one pair.
 * @throws FileAccessError, FitsError, ConfigDumpError, StructuredDataError, CatalogMatchError when a
 *   file cannot be read or parsed (the caller records the pair as `failed`).
 */
export async function comparePairFiles(c: PairComparison, gen2: string, gen3: string): Promise<PairVerdict> {
  const comparator = c.comparator;
  // A header comparison reads the header blocks only, skipping the data units.
  if (comparator === 'header') return headerVerdict(diffFitsHeaders(readFitsHeadersSync(gen2), readFitsHeadersSync(gen3), Object.assign({}, PARITY_FITS_OPTIONS, fitsRulesOf(c))));
  return pairVerdict(c, comparator, gen2, pairBuffers.read(0, gen2), gen3, pairBuffers.read(1, gen3));
}

type PairComparison = Pick<ResolvedComparison, 'comparator' | 'tolerances' | 'match' | 'ignoreKeywords'>;

interface FitsRules {
  readonly tolerance: Tolerance;
  readonly ignoreKeywords: readonly string[];
  readonly catalog: { tolerance: Tolerance; match: RowMatchRule };
}

/** The FITS rules of a comparison, built once per comparison (the comparators cache what they derive from its lists). */
const fitsRules = new WeakMap<PairComparison, FitsRules>();

function fitsRulesOf(c: PairComparison): FitsRules {
  let rules = fitsRules.get(c);
  if (!rules) {
    const tolerance = toleranceOf(c);
    // Frozen: the comparators may key what they derive from the list by the list itself.
    rules = { tolerance, ignoreKeywords: Object.freeze([...PARITY_IGNORED_KEYWORDS, ...c.ignoreKeywords]), catalog: { tolerance, match: matchRule(c) } };
    fitsRules.set(c, rules);
  }
  return rules;
}

function pairVerdict(c: PairComparison, comparator: Exclude<PairComparison['comparator'], 'header'>, gen2: string, a: Buffer, gen3: string, b: Buffer): PairVerdict {
  const fits = fitsRulesOf(c);
  const tolerance = fits.tolerance;
  const compare = (options: CompareFilesOptions): DatasetDiff => compareFileBytes(gen2, a, gen3, b, options);
  switch (comparator) {
    case 'bytes':
      return bytesVerdict(a, b);
    case 'image':
      return imageVerdict(compare({ comparator: 'fits-image', fits }) as FitsDiff, tolerance);
    case 'mask':
      return imageVerdict(compare({ comparator: 'fits-mask', fits }) as FitsDiff, tolerance);
    case 'catalog':
      return catalogVerdict(compare({ comparator: 'fits-catalog', fits }) as FitsDiff);
    case 'config':
      return configVerdict(compare({ comparator: 'config', config: { tolerance } }) as ConfigDiff);
    case 'yaml':
      return structuredVerdict(compare({ comparator: 'structured', structured: { tolerance } }) as StructuredDiff);
    case 'text':
      return textVerdict(compare({ comparator: 'text' }) as TextDiff);
  }
}
