import { UsageError } from '../errors.js';

/** RUN of refcats converted from Gen2 (`refcats/gen2`), chained under {@link REFCATS_CHAIN}. */
export const REFCATS_RUN = 'refcats/gen2';
/** CHAINED collection of reference catalogs. */
export const REFCATS_CHAIN = 'refcats';
/** RUN of registered skymaps (`skyMap` datasets). */
export const SKYMAPS_RUN = 'skymaps';
/** Default RUN of bright-object masks (`runsForced.brightObjectMask`; HSC overrides it to `HSC/masks`). */
export const MASKS_RUN = 'masks';

/** `<INSTR>/raw/all`: the RUN raws are ingested into. */
export function rawRunName(instrument: string): string {
  return `${instrument}/raw/all`;
}

/** `<INSTR>/calib[/<labels…>]`: the default CALIBRATION (or CHAINED, with labels) collection. */
export function calibCollectionName(instrument: string, labels: readonly string[] = []): string {
  return [instrument, 'calib', ...labels].join('/');
}

/** `<INSTR>/defaults`: the umbrella CHAINED collection. */
export function defaultsCollectionName(instrument: string): string {
  return `${instrument}/defaults`;
}

/**
 * obs_base `formatCollectionTimestamp`: a Gen2 calibDate (`2013-11-03`, `2018-09-21T12:30:00`) as
 * `YYYYMMDDTHHMMSSZ`.
 * @throws UsageError when the text is not an ISO date or date-time.
 */
export function formatCollectionTimestamp(calibDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?Z?$/.exec(calibDate.trim());
  if (!m) throw new UsageError(`calibDate ${JSON.stringify(calibDate)} is not an ISO date`);
  return `${m[1]}${m[2]}${m[3]}T${m[4] ?? '00'}${m[5] ?? '00'}${m[6] ?? '00'}Z`;
}

/** `<INSTR>/calib[/<labels…>]/<YYYYMMDDTHHMMSSZ>`: the RUN of the Gen2 calibrations of one calibDate. */
export function calibRunName(instrument: string, calibDate: string, labels: readonly string[] = []): string {
  return `${calibCollectionName(instrument, labels)}/${formatCollectionTimestamp(calibDate)}`;
}

/** Collection names of one converted rerun. */
export interface RerunNames {
  /** CHAINED collection named after the rerun. */
  readonly chainName: string;
  /** RUN holding the rerun's datasets: `<chainName>/direct`. */
  readonly runName: string;
}

/**
 * obs_base `Rerun.guessCollectionNames`: `rerun/<x>` → `<INSTR>/runs/<x>`, `rerun/private/<u>/<x>`
 * → `u/<u>/<x>`, `rerun/shared/<x>` → `<INSTR>/runs/<x>`; run = chain + `/direct`.
 * @param rerunPath - the rerun directory relative to the root repository (`rerun/ci_hsc`).
 * @throws UsageError when the path is absolute or leaves the root.
 */
export function guessRerunNames(instrument: string, rerunPath: string): RerunNames {
  const parts = rerunPath.split('/').filter((p) => p !== '' && p !== '.');
  if (rerunPath.startsWith('/') || parts.includes('..')) throw new UsageError(`rerun ${rerunPath} must be a path inside the root repository`);
  if (parts[0] === 'rerun') parts.shift();
  if (parts.length === 0) throw new UsageError(`rerun path ${JSON.stringify(rerunPath)} names no rerun`);
  let chainName: string;
  if (parts[0] === 'private') chainName = ['u', ...parts.slice(1)].join('/');
  else if (parts[0] === 'shared') chainName = `${instrument}/runs/${parts.slice(1).join('/')}`;
  else chainName = `${instrument}/runs/${parts.join('/')}`;
  return { chainName, runName: `${chainName}/direct` };
}
