import type { Gen2DataId } from '../../gen2/data-id.js';

/** What a mismatch is about: a converted dataset, or a calibration lookup for a raw. */
export type VerifyMismatchKind = 'dataset' | 'calibration';

/** One disagreement between the Gen2 and the Gen3 view of a converted repository. */
export interface VerifyMismatch {
  readonly kind: VerifyMismatchKind;
  /** Dataset type (for `calibration`: the calibration dataset type looked up). */
  readonly datasetType: string;
  /** Gen3 data ID (for `calibration`: the raw's data ID). */
  readonly dataId: Readonly<Record<string, unknown>>;
  /** RUN the dataset was planned into (`dataset` only). */
  readonly run?: string;
  /** Gen2 data ID used for the Gen2 Butler lookup. */
  readonly gen2DataId?: Gen2DataId;
  /** File the Gen2 Butler finds (undefined when it finds none). */
  readonly gen2Path: string | undefined;
  /** File the Gen3 repository points to (undefined when it has none). */
  readonly gen3Path: string | undefined;
  readonly reason: string;
}

/** Counts of the dataset checks. */
export interface VerifyDatasetCounts {
  /** Planned datasets checked. */
  readonly checked: number;
  /** Same file (inode) or identical bytes, same HDU. */
  readonly matched: number;
  /** Of `matched`: found as the same inode (direct, symlink, hard link). */
  readonly sameInode: number;
  /** Of `matched`: different files with identical bytes (copy). */
  readonly sameBytes: number;
  /** Gen2 side resolved by the planned path, not through the mapper (no policy template, e.g. reference catalogs). */
  readonly byPlannedPath: number;
}

/** Counts of the calibration-lookup checks (one lookup per raw and calibration dataset type). */
export interface VerifyCalibrationCounts {
  /** Raws (Gen2 registry rows with a converted file) looked up for. */
  readonly raws: number;
  /** Calibration dataset types checked. */
  readonly datasetTypes: readonly string[];
  readonly lookups: number;
  /** Both found the same file. */
  readonly matched: number;
  /** Neither found a calibration. */
  readonly bothMissing: number;
  /** Gen2 found several rows valid for the raw (overlapping ranges the conversion repaired); Gen3's answer is not compared. */
  readonly gen2Ambiguous: number;
  /** Lookups whose time came from the Gen3 exposure record's timespan (the rest: the Gen2 raw's observation time). */
  readonly byExposureTimespan: number;
}

/** The result of {@link verifyConversion}: data, rendered by `src/report/verify-text.ts`. */
export interface VerifyReport {
  readonly instrument: string;
  readonly datasets: VerifyDatasetCounts;
  readonly calibrations: VerifyCalibrationCounts;
  /** Every disagreement, datasets first, in plan order. */
  readonly mismatches: readonly VerifyMismatch[];
  /** True when there is no mismatch. */
  readonly ok: boolean;
}
