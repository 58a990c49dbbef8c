import type { CatalogDiffOptions } from './catalog-diff.js';
import { PARITY_IGNORED_KEYWORDS } from './header-ignore-rules.js';
import type { NonFiniteRule } from './image-diff.js';
import { EXACT, PARITY_TOLERANCE, type Tolerance } from './tolerance.js';

/** How image HDUs holding afw masks are compared. */
export type MaskRule =
  /** As plain images (astropy). */
  | 'none'
  /** As masks when the header declares `MP_*` planes or `EXTTYPE`/`EXTNAME` `MASK`. */
  | 'auto'
  /** Every integer image as a mask (storage class `MaskX`). */
  | 'all';

/** How binary tables are compared. */
export type TableRule =
  /** Column by column, row by row (astropy `TableDataDiff`). */
  | 'astropy'
  /** As afw catalogs (schema levels, row matching, per-field statistics). */
  | 'catalog'
  /** As afw catalogs when the header has `AFW_TYPE`, else as astropy does. */
  | 'auto';

/** Options of the FITS file comparator; every default is explicit in the two presets below. */
export interface FitsDiffOptions {
  /** Tolerance for floating-point pixels, table values and real header values. */
  readonly tolerance: Tolerance;
  /** Header keywords (wildcards) not compared. */
  readonly ignoreKeywords: readonly string[];
  /** Header keywords (wildcards) whose comments are not compared. */
  readonly ignoreComments: readonly string[];
  /** HDU names (`EXTNAME`, `PRIMARY`; wildcards) left out of the comparison. */
  readonly ignoreHdus: readonly string[];
  /** Table columns (case-insensitive; `*` for all) not compared. */
  readonly ignoreFields: readonly string[];
  /** How many differing pixels / table values / bytes each HDU lists (the counts are always complete). */
  readonly maxReportedValues: number;
  /** Trailing blanks of header strings are not significant. */
  readonly ignoreBlanks: boolean;
  /** Blank header cards are skipped. */
  readonly ignoreBlankCards: boolean;
  readonly nonFinite: NonFiniteRule;
  /** Header card counts are compared including ignored keywords (astropy's behaviour). */
  readonly countAllCards: boolean;
  /** HDU counts are compared before ignored HDUs are removed (astropy's behaviour). */
  readonly countIgnoredHdus: boolean;
  /** Whether one-sided header keywords are differences or only listed. */
  readonly oneSidedKeywords: 'difference' | 'informational';
  readonly masks: MaskRule;
  readonly tables: TableRule;
  /** Options of the catalog comparator (row matching, magnitude fields, …). */
  readonly catalog: Partial<CatalogDiffOptions>;
  /** Compare the data units; `false` compares the HDU structure and headers only (a header comparison). */
  readonly compareData: boolean;
}

/**
 * astropy `FITSDiff`'s defaults (astropy 8.0 `io/fits/diff.py` and `scripts/fitsdiff.py`): exact
 * comparison (`rtol = atol = 0.0`), no keyword ignored by default — not even `CHECKSUM`/`DATASUM` —,
 * 10 reported values, trailing blanks and blank cards ignored, NaN and ±inf interchangeable, card and
 * HDU counts compared before the ignore rules apply.
 */
export const ASTROPY_FITSDIFF_OPTIONS: FitsDiffOptions = {
  tolerance: EXACT,
  ignoreKeywords: [],
  ignoreComments: [],
  ignoreHdus: [],
  ignoreFields: [],
  maxReportedValues: 10,
  ignoreBlanks: true,
  ignoreBlankCards: true,
  nonFinite: 'equivalent',
  countAllCards: true,
  countIgnoredHdus: true,
  oneSidedKeywords: 'difference',
  masks: 'none',
  tables: 'astropy',
  catalog: {},
  compareData: true,
};

/**
 * The parity harness's rules (ARCHITECTURE §6, `docs/ci-parity.md` §5.1–5.2): rtol 1e-5 / atol 1e-8,
 * NaN/±inf at identical pixels, masks remapped by plane name, afw catalogs compared as catalogs, the
 * compression/provenance keyword ignore list, one-sided keywords informational.
 */
export const PARITY_FITS_OPTIONS: FitsDiffOptions = {
  ...ASTROPY_FITSDIFF_OPTIONS,
  tolerance: PARITY_TOLERANCE,
  ignoreKeywords: PARITY_IGNORED_KEYWORDS,
  nonFinite: 'distinct',
  countAllCards: false,
  countIgnoredHdus: false,
  oneSidedKeywords: 'informational',
  masks: 'auto',
  tables: 'auto',
};
