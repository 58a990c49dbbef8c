import { UserError } from '../../src/errors.js';

/** A stage selection is invalid: unknown `--stage`/`--from` name, both given, or a stage the suite does not run. */
export class StageSelectionError extends UserError {
  readonly code = 'CI_STAGE_SELECTION';
}
