import { UserError } from '../../src/errors.js';

/** A stage needs what an earlier stage writes (`prepared.json`, converted inputs) and it is missing. */
export class StageInputMissingError extends UserError {
  readonly code = 'CI_STAGE_INPUT_MISSING';
}

/** A Gen2 input of the suite is not a usable Gen2 repository (missing root, no mapper). */
export class SuiteInputError extends UserError {
  readonly code = 'CI_SUITE_INPUT';
}

/** A fault of the suite's `faults:` section cannot be injected by this harness / pipeline. */
export class FaultNotSupportedError extends UserError {
  readonly code = 'CI_FAULT_NOT_SUPPORTED';
}
