import { SKYMAP_DATASET_TYPES } from './translate/default-rules.js';

/** Curated calibrations the reference rewrote from obs data packages; never converted from Gen2. */
export const CURATED_CALIBRATIONS: readonly string[] = Object.freeze(['camera', 'defects', 'qe_curve', 'crosstalk', 'linearizer', 'bfk']);

/** Where a dataset type recognised as special is handled, and why it is not walked. */
export interface SpecialDatasetType {
  readonly datasetType: string;
  readonly reason: string;
}

/**
 * Dataset types of a root repository recognised silently and not converted from files (obs_base
 * `RootRepoConverter.getSpecialDirectories`/`isDatasetTypeSpecial`): `raw` (raw ingest),
 * `ref_cat`/`ref_cat_config` (refcat path), curated calibrations, `*Coadd_skyMap` (replaced by
 * `skyMap`), plus the instrument's extra curated types.
 */
export function rootSpecialDatasetTypes(extraCurated: readonly string[] = []): SpecialDatasetType[] {
  return [
    { datasetType: 'raw', reason: 'raws are ingested from the Gen2 registry listing' },
    { datasetType: 'ref_cat', reason: 'reference catalogs are converted from ref_cats/' },
    { datasetType: 'ref_cat_config', reason: 'reference catalogs are converted from ref_cats/' },
    ...[...CURATED_CALIBRATIONS, ...extraCurated].map((t) => ({ datasetType: t, reason: 'curated calibration (written from the obs data package, never from Gen2)' })),
    ...SKYMAP_DATASET_TYPES.map((t) => ({ datasetType: t, reason: 'skymap (registered as skyMap in skymaps)' })),
  ];
}

/** Special types of a calibration repository: the curated calibrations. */
export function calibSpecialDatasetTypes(extraCurated: readonly string[] = []): SpecialDatasetType[] {
  return [...CURATED_CALIBRATIONS, ...extraCurated].map((t) => ({ datasetType: t, reason: 'curated calibration (written from the obs data package, never from Gen2)' }));
}

/** Special types of a rerun: the `*Coadd_skyMap`s. */
export function rerunSpecialDatasetTypes(): SpecialDatasetType[] {
  return SKYMAP_DATASET_TYPES.map((t) => ({ datasetType: t, reason: 'skymap (registered as skyMap in skymaps)' }));
}
