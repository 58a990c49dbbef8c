/**
 * Errors of the registry API (bad input, missing or mismatched entities). Conflicting rows use
 * {@link RegistryConflictError} from `../errors.js`.
 */
import { UserError } from '../../errors.js';

/** A record, data ID or argument does not fit the universe or the registry (nothing was written). */
export class RegistryValidationError extends UserError {
  readonly code = 'GEN3_REGISTRY_VALIDATION';
}

/** A collection named in a call does not exist. */
export class MissingCollectionError extends UserError {
  readonly code = 'GEN3_MISSING_COLLECTION';
  constructor(readonly collection: string) {
    super(`collection ${JSON.stringify(collection)} does not exist`);
  }
}

/** A collection has the wrong type for the operation (or was re-registered with another type). */
export class CollectionTypeError extends UserError {
  readonly code = 'GEN3_COLLECTION_TYPE';
}

/** A chain definition would make a collection its own (indirect) child. */
export class CollectionCycleError extends UserError {
  readonly code = 'GEN3_COLLECTION_CYCLE';
}

/** A dataset type named in a call is not registered. */
export class MissingDatasetTypeError extends UserError {
  readonly code = 'GEN3_MISSING_DATASET_TYPE';
  constructor(readonly datasetType: string) {
    super(`dataset type ${JSON.stringify(datasetType)} is not registered`);
  }
}

/** A dataset type is re-registered with other dimensions, storage class or calibration flag. */
export class DatasetTypeConflictError extends UserError {
  readonly code = 'GEN3_DATASET_TYPE_CONFLICT';
}

/** A dataset conflicts with one already in the collection (same data ID, another id; or same id, other content). */
export class DatasetConflictError extends UserError {
  readonly code = 'GEN3_DATASET_CONFLICT';
}

/** Certifying would give one dataset type + data ID overlapping validity ranges in a CALIBRATION collection. */
export class CalibrationOverlapError extends UserError {
  readonly code = 'GEN3_CALIBRATION_OVERLAP';
}

/** A calibration lookup matched more than one dataset in one collection. */
export class AmbiguousCalibrationError extends UserError {
  readonly code = 'GEN3_AMBIGUOUS_CALIBRATION';
}
