/**
 * The generation-neutral Butler the reference tasks are written against (ARCHITECTURE §7): get,
 * put and exists by dataset type and data ID. Dataset types are the pipeline's Gen3 names
 * ({@link PIPELINE_DATASET_TYPES}); data IDs are the side's own (Gen2 `{visit, ccd}`, Gen3
 * `{instrument, exposure|visit, detector}`), passed through untouched from the harness. FITS
 * datasets travel as src/fits HDU specs (write) and parsed files (read); configs as pex_config
 * dumps. Calibrations are looked up with the unit's data ID, as each generation does.
 */
import type { FitsFile } from '../../src/fits/fits-file.js';
import type { HduSpec } from '../../src/fits/hdu-spec.js';
import type { Side } from '../steps/run-side-steps.js';

/** A data ID as the side knows it. */
export type NeutralDataId = Readonly<Record<string, string | number>>;

/** A data ID as canonical text for cache keys: keys sorted; keys and string values quoted, so `1` and `'1'` differ. */
export function neutralDataIdKey(dataId: NeutralDataId): string {
  let key = '';
  for (const k of Object.keys(dataId).sort()) {
    const v = dataId[k];
    key += `${JSON.stringify(k)}:${typeof v === 'string' ? JSON.stringify(v) : String(v)},`;
  }
  return key;
}

/** What a task writes. The butler adds its provenance cards to the primary header of FITS data. */
export type DatasetContent = { readonly format: 'fits'; readonly hdus: readonly HduSpec[] } | { readonly format: 'config'; readonly text: string };

/** What a task reads, with the file it came from. */
export type StoredDataset = { readonly format: 'fits'; readonly fits: FitsFile; readonly path: string } | { readonly format: 'config'; readonly text: string; readonly path: string };

/** The observation a unit data ID stands for, in neutral terms. */
export interface ObservationInfo {
  readonly visit: number;
  readonly exposure: number;
  readonly detector: number;
  readonly physicalFilter: string;
  /**
   * The band of the physical filter, when the side knows it: Gen3 from the `physical_filter` record
   * the conversion wrote; Gen2 from the instrument's filter definitions (the obs package's, as Gen2
   * tasks knew them).
   */
  readonly band?: string;
}

/** Options of calibration lookups. */
export interface LookupOptions {
  /**
   * Look calibrations up as if the observation were this many days later (fault injection: "a
   * different flat chosen"). Gen2 shifts the `taiObs` compared with the validity range, Gen3 the
   * exposure timespan. Ignored for other datasets. Default 0.
   */
  readonly calibrationShiftDays?: number;
  /** Look calibrations that have a filter up for this physical filter instead of the exposure's (fault injection: the flat of another filter). */
  readonly physicalFilter?: string;
}

/** Get/put/exists by dataset type and data ID, implemented once per generation. */
export interface NeutralButler {
  readonly side: Side;
  /** Human-readable output location (rerun path or RUN collection). */
  readonly outputName: string;
  /** The neutral observation keys of a unit data ID (visit, exposure, detector, filter). */
  describe(dataId: NeutralDataId): Promise<ObservationInfo>;
  /** True when the dataset exists (calibrations: one is valid for the observation). */
  exists(datasetType: string, dataId: NeutralDataId): Promise<boolean>;
  /** Absolute path of the dataset's file. @throws PipelineDatasetNotFoundError */
  locate(datasetType: string, dataId: NeutralDataId, options?: LookupOptions): Promise<string>;
  /** Reads a dataset. @throws PipelineDatasetNotFoundError */
  get(datasetType: string, dataId: NeutralDataId, options?: LookupOptions): Promise<StoredDataset>;
  /** Writes an output dataset atomically (rewriting identical content is allowed: resumed units). */
  put(datasetType: string, dataId: NeutralDataId, content: DatasetContent): Promise<void>;
  /**
   * Runs one unit of work: the registry entries of the outputs `fn` puts may be written together
   * when it ends (Gen3: one registry transaction for the unit), before this resolves, whether `fn`
   * succeeded or not. `fn` works through the butler it is given (puts through it are the unit's;
   * concurrent units each get their own); lookups see the unit's own outputs. Optional: without it a
   * unit's puts are recorded one by one.
   */
  unitOfWork?<T>(fn: (butler: NeutralButler) => Promise<T>): Promise<T>;
  /**
   * Data IDs (the side's own) of the existing datasets of `datasetType` whose observation has this
   * visit, in the order the side's registry gives them.
   */
  queryVisit(datasetType: string, visit: number): Promise<NeutralDataId[]>;
  /** Unit data IDs of a step from the side's registry: per raw (isr), per visit×detector (detect), per visit (visitSummary). */
  unitDataIds(kind: 'raw' | 'visit-detector' | 'visit'): Promise<NeutralDataId[]>;
  /** Releases registries and database connections. */
  close(): Promise<void>;
}
