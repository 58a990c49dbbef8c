import type { Timespan } from '../time/index.js';
import { timespansOverlap } from './calibrations.js';
import { AmbiguousCalibrationError } from './errors.js';

/** The calibs rows whose validity range overlaps `timespan`. */
export function calibrationsOverlapping<T extends { readonly timespan?: Timespan | null }>(rows: readonly T[], timespan: Timespan): T[] {
  return rows.filter((r) => r.timespan !== undefined && r.timespan !== null && timespansOverlap(r.timespan, timespan));
}

/**
 * The calibration a find-first takes from the rows valid over the timespan in one collection (the
 * first), or undefined when there is none.
 * @param what the dataset type and data ID, for the error.
 * @throws AmbiguousCalibrationError when the rows name more than one dataset.
 */
export function oneValidCalibration<T extends { readonly datasetId: string }>(valid: readonly T[], what: string, collection: string): T | undefined {
  const ids = new Set(valid.map((h) => h.datasetId));
  if (ids.size > 1) throw new AmbiguousCalibrationError(`${what}: ${ids.size} datasets valid over the timespan in ${collection}`);
  return valid[0];
}
