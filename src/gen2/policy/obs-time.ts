/** Which raw-registry column holds the observation time used to pick a calibration by validity range. */
import type { MapperEntry } from '../mapper-catalog.js';
import type { DatasetMapping } from './mapper-policy.js';

/**
 * The observation-time column for a lookup through `mapping`: the policy's `obsTimeName` when the merged
 * entry has one (every calibration has, explicitly or by the section default `taiObs`, exactly as Gen2
 * used it), otherwise the mapper's catalog default (`taiObs`, DECam `date`, obs_lsst `dateObs`, LATISS
 * `dayObs`).
 */
export function obsTimeColumn(mapping: DatasetMapping | undefined, mapper: MapperEntry): string {
  return mapping?.obsTimeName ?? mapper.obsTimeColumn;
}
