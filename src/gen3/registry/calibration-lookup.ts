import type { Timespan } from '../time/index.js';
import { timespansOverlap } from './calibrations.js';
import type { AssociationRow } from './dataset-rows.js';

/** The calibs rows whose validity range overlaps `timespan`. */
export function calibrationsOverlapping(rows: readonly AssociationRow[], timespan: Timespan): AssociationRow[] {
  return rows.filter((r) => r.timespan !== undefined && timespansOverlap(r.timespan, timespan));
}
