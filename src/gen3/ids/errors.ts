import { UserError } from '../../errors.js';

/** A dataset ID, its string form or the data ID it is computed from is invalid. */
export class DatasetIdError extends UserError {
  readonly code = 'GEN3_DATASET_ID';
}
