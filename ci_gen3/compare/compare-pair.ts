/**
 * Runs one Gen2/Gen3 file pair through the comparator a suite comparison names, with the suite's
 * tolerances and ignore rules, and reduces the diff to a {@link PairVerdict}.
 */
import { readFile } from 'node:fs/promises';
import { compareFiles } from '../../src/diff/compare-files.js';
import type { ConfigDiff } from '../../src/diff/config-diff.js';
import type { FitsDiff } from '../../src/diff/fits-diff.js';
import { PARITY_IGNORED_KEYWORDS } from '../../src/diff/header-ignore-rules.js';
import type { RowMatchRule } from '../../src/diff/row-matching.js';
import type { StructuredDiff } from '../../src/diff/structured-diff.js';
import type { TextDiff } from '../../src/diff/text-diff.js';
import { CONFIG_TOLERANCE, PARITY_TOLERANCE, type Tolerance } from '../../src/diff/tolerance.js';
import { FileAccessError } from '../../src/errors.js';
import type { ResolvedComparison } from '../suite/load-suite.js';
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

async function bytesVerdict(gen2: string, gen3: string): Promise<PairVerdict> {
  const read = (f: string) => readFile(f).catch((err: unknown) => Promise.reject(new FileAccessError(f, `cannot read: ${(err as Error).message}`, { cause: err })));
  const [a, b] = await Promise.all([read(gen2), read(gen3)]);
  if (a.equals(b)) return { outcome: 'identical', summaries: [], differingFields: [] };
  let first = 0;
  while (first < Math.min(a.length, b.length) && a[first] === b[first]) first++;
  return { outcome: 'different', summaries: [{ kind: 'text', lines: [`bytes differ from offset ${first} (Gen2 ${a.length} bytes, Gen3 ${b.length} bytes)`] }], differingFields: ['bytes'] };
}

/**
 * Compares the Gen2 file with the Gen3 file of one pair.
 * @throws FileAccessError, FitsError, ConfigDumpError, StructuredDataError, CatalogMatchError when a
 *   file cannot be read or parsed (the caller records the pair as `failed`).
 */
export async function comparePairFiles(c: Pick<ResolvedComparison, 'comparator' | 'tolerances' | 'match' | 'ignoreKeywords'>, gen2: string, gen3: string): Promise<PairVerdict> {
  const tolerance = toleranceOf(c);
  const fits = { tolerance, ignoreKeywords: [...PARITY_IGNORED_KEYWORDS, ...c.ignoreKeywords], catalog: { tolerance, match: matchRule(c) } };
  switch (c.comparator) {
    case 'bytes':
      return bytesVerdict(gen2, gen3);
    case 'image':
      return imageVerdict((await compareFiles(gen2, gen3, { comparator: 'fits-image', fits })) as FitsDiff, tolerance);
    case 'mask':
      return imageVerdict((await compareFiles(gen2, gen3, { comparator: 'fits-mask', fits })) as FitsDiff, tolerance);
    case 'header':
      return headerVerdict((await compareFiles(gen2, gen3, { comparator: 'fits', fits })) as FitsDiff);
    case 'catalog':
      return catalogVerdict((await compareFiles(gen2, gen3, { comparator: 'fits-catalog', fits })) as FitsDiff);
    case 'config':
      return configVerdict((await compareFiles(gen2, gen3, { comparator: 'config', config: { tolerance } })) as ConfigDiff);
    case 'yaml':
      return structuredVerdict((await compareFiles(gen2, gen3, { comparator: 'structured', structured: { tolerance } })) as StructuredDiff);
    case 'text':
      return textVerdict((await compareFiles(gen2, gen3, { comparator: 'text' })) as TextDiff);
  }
}
