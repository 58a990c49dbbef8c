/** Types of the read-only Gen2 registry reader (gen2-format.md §2). Only types here. */
import type { Gen2Value } from '../data-id.js';

/** A value read from a Gen2 registry: TEXT → string, INT/REAL → number, NULL → null. */
export type Gen2RegistryValue = Gen2Value | null;

/** One result row, keyed by the column names as requested. */
export type Gen2Row = Record<string, Gen2RegistryValue>;

/** A column: `type` is the declared type as SQLite reports it (`int`, `double`, `''`; standard names such as `TEXT`, `INTEGER` upper-cased). */
export interface Gen2ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** A table of a registry (sqlite internal tables excluded; `*_visit` and `raw_skyTile` included). */
export interface Gen2TableInfo {
  readonly name: string;
  /** Columns in declaration order (which varies between repos: always select by name). */
  readonly columns: readonly Gen2ColumnInfo[];
  readonly rowCount: number;
}

/**
 * `SqlRegistry.lookup` as a query: `SELECT DISTINCT <select> FROM t1 NATURAL JOIN t2 … WHERE k = ? AND …
 * AND (? BETWEEN <startColumn> AND <endColumn>)`, values bound as given (TEXT comparison for dates).
 */
export interface Gen2DistinctQuery {
  /** Tables, NATURAL JOINed in this order. At least one. */
  readonly tables: readonly string[];
  /** Columns to return. At least one. */
  readonly select: readonly string[];
  /** Equality terms, in this order. Default is none. */
  readonly where?: Readonly<Record<string, Gen2Value>>;
  /** Validity-range term, appended last: `(value BETWEEN startColumn AND endColumn)`. */
  readonly range?: { readonly value: Gen2Value; readonly startColumn: string; readonly endColumn: string };
}

/** Columns whose presence characterises a calibration table's shape. */
export const CALIB_SHAPE_COLUMNS = ['calibDate', 'filter', 'ccd', 'ccdnum', 'detector', 'calib_hdu', 'path'] as const;
export type CalibShapeColumn = (typeof CALIB_SHAPE_COLUMNS)[number];

/** A calibration table: has validity columns; not a `*_visit` table. */
export interface Gen2CalibTableInfo extends Gen2TableInfo {
  /**
   * For each shape column, the actual column name when present (SQLite names are case-insensitive, so
   * testdata_cfht's `ccdNum` answers for `ccdnum`), else undefined.
   */
  readonly shape: Readonly<Record<CalibShapeColumn, string | undefined>>;
  /** No `calibDate` column: a hand-made legacy table (obs_base tests, testdata_cfht). */
  readonly legacy: boolean;
  /** Actual names of the validity columns. */
  readonly validStartColumn: string;
  readonly validEndColumn: string;
  /** Default detector tuple for validity checks: `filter` (if present) and the detector column (if any). */
  readonly detectorTuple: readonly string[];
}

/** One detector tuple's calibrations in a validity report. */
export interface ValidityGroup {
  readonly key: Gen2Row;
  /** Number of distinct validity ranges. */
  readonly ranges: number;
  /** Earliest `validStart` and latest `validEnd` of the group (as stored). */
  readonly validStart: string;
  readonly validEnd: string;
}

/**
 * Two consecutive validity ranges of one detector tuple that do not meet exactly: a gap (`nextStart`
 * after `prevEnd`) or an overlap (`nextStart` before `prevEnd`). `days` is the positive length.
 */
export interface ValidityPair {
  readonly key: Gen2Row;
  readonly prevStart: string;
  readonly prevEnd: string;
  readonly nextStart: string;
  readonly nextEnd: string;
  /** `calibDate` of each range (undefined for legacy tables without the column). */
  readonly prevCalibDate?: Gen2RegistryValue;
  readonly nextCalibDate?: Gen2RegistryValue;
  readonly days: number;
}

/** A range that could not be analysed (missing or unparseable dates, start after end). */
export interface ValidityInvalidRange {
  readonly key: Gen2Row;
  readonly validStart: Gen2RegistryValue;
  readonly validEnd: Gen2RegistryValue;
  readonly calibDate?: Gen2RegistryValue;
  readonly reason: string;
}

/**
 * Gaps and overlaps between consecutive validity ranges (sorted by validStart, then calibDate) per
 * detector tuple. Data only; `inspect` renders it.
 */
export interface ValidityReport {
  readonly table: string;
  readonly groupBy: readonly string[];
  readonly groups: readonly ValidityGroup[];
  readonly gaps: readonly ValidityPair[];
  readonly overlaps: readonly ValidityPair[];
  readonly invalid: readonly ValidityInvalidRange[];
}
