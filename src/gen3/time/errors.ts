import { UserError } from '../../errors.js';

/** A time string, MJD or timespan cannot be converted or is invalid. */
export class TimeError extends UserError {
  readonly code = 'GEN3_TIME';
}
