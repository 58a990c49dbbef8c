import type { InstrumentRecords } from '../instrument-records.js';
import type { Gen3DataId } from '../translate/index.js';

/** Major version of the serialised plan. Readers reject another major version. */
export const PLAN_FORMAT_VERSION = 1;

/** Which Gen2 repository a file belongs to. */
export type PlanSource = 'root' | 'calib' | `rerun:${string}`;

/** A Gen3 dataset type the plan registers. */
export interface PlannedDatasetType {
  readonly name: string;
  readonly dimensions: readonly string[];
  readonly storageClass: string;
  readonly isCalibration: boolean;
}

/** One dataset to ingest. A multi-extension file yields several, with the same `path`. */
export interface PlannedDataset {
  readonly datasetType: string;
  readonly run: string;
  readonly dataId: Gen3DataId;
  /** Absolute path of the Gen2 file. */
  readonly path: string;
  /** Path relative to its Gen2 repository (root, calibration root or rerun). */
  readonly relPath: string;
  readonly source: PlanSource;
  readonly formatter: string | undefined;
  /** HDU of a multi-extension file. */
  readonly hdu?: number;
}

/** A collection the plan creates. */
export interface PlannedCollection {
  readonly name: string;
  readonly type: 'RUN' | 'CHAINED' | 'CALIBRATION';
  /** Children of a CHAINED collection, in order. */
  readonly children?: readonly string[];
}

/** A calibration dataset certified into a CALIBRATION collection, with its repaired validity (TAI ns as decimal strings). */
export interface PlannedCertification {
  readonly collection: string;
  readonly datasetType: string;
  readonly dataId: Gen3DataId;
  readonly run: string;
  readonly begin: string;
  readonly end: string;
}

/** A validity discontinuity found while repairing ranges. */
export interface PlannedValidityIssue {
  readonly datasetType: string;
  readonly dataId: Gen3DataId;
  readonly kind: 'gap' | 'overlap';
  readonly previousEnd: string;
  readonly nextBegin: string;
  /** True when closed by the repair rule; false when left for the user (overlaps then fail certification). */
  readonly repaired: boolean;
}

/** A file not converted, and why. */
export interface PlannedFileOutcome {
  readonly path: string;
  readonly source: PlanSource;
  readonly reason: string;
  /** Files it stands for (a skipped directory counts its files). */
  readonly count: number;
}

/**
 * An `exposure` record for converted raws, built from the Gen2 raw registry row (see
 * plan-exposures.ts). Times are TAI ns as decimal strings; `null` for a field the registry lacks.
 */
export interface PlannedExposure {
  readonly id: number;
  readonly obs_id: string;
  readonly physical_filter: string;
  /** `YYYYMMDD`. */
  readonly day_obs: number;
  readonly group: string;
  readonly exposure_time: number | null;
  readonly dark_time: number | null;
  readonly observation_type: string | null;
  readonly observation_reason: string | null;
  readonly seq_num: number | null;
  readonly target_name: string | null;
  readonly science_program: string | null;
  readonly begin: string | null;
  readonly end: string | null;
}

/** A skymap the plan registers (`skymap`, `tract`, `patch` records from the config's geometry). */
export interface PlannedSkyMap {
  readonly name: string;
  /** `skymap.hash`: SHA1 digest, base64. */
  readonly hash: string;
  readonly tractMax: number;
  readonly patchNx: number;
  readonly patchNy: number;
  /** Tracts whose patch grid differs from `patchNx` × `patchNy`. */
  readonly tracts?: Readonly<Record<string, { readonly patchNx: number; readonly patchNy: number }>>;
}

/** A rerun with its decided names (see rerun-specs.ts). */
export interface PlannedRerun {
  readonly path: string;
  readonly runName: string;
  readonly chainName?: string;
  readonly parents: readonly string[];
}

/**
 * The conversion plan: pure data, serialisable as JSON (`--dry-run --json`). Every file under the
 * walked repositories is in exactly one of `datasets` (by path), `ignored`, `skipped`,
 * `unrecognized`.
 */
export interface ConversionPlan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly instrument: string;
  readonly instrumentClass: string;
  readonly mapperClass: string;
  readonly gen2Root: string;
  readonly calibRoots: readonly string[];
  readonly reruns: readonly string[];
  /** Instrument, detector and physical_filter records to register (declaration + what the Gen2 repository shows). */
  readonly instrumentRecords: InstrumentRecords;
  readonly datasetTypes: readonly PlannedDatasetType[];
  readonly collections: readonly PlannedCollection[];
  readonly datasets: readonly PlannedDataset[];
  readonly certifications: readonly PlannedCertification[];
  /** Exposure records of the raws (sorted by id); absent in plans written before they were added. */
  readonly exposures?: readonly PlannedExposure[];
  /** Skymaps to register (absent in plans without tract/patch data). */
  readonly skyMaps?: readonly PlannedSkyMap[];
  /** The reruns with their RUN, chain and parents, in `reruns` order. */
  readonly rerunSpecs?: readonly PlannedRerun[];
  readonly validityIssues: readonly PlannedValidityIssue[];
  readonly ignored: readonly PlannedFileOutcome[];
  readonly skipped: readonly PlannedFileOutcome[];
  readonly unrecognized: readonly PlannedFileOutcome[];
  readonly totals: { readonly files: number; readonly convertedFiles: number; readonly datasets: number; readonly ignored: number; readonly skipped: number; readonly unrecognized: number };
}
