import { UserError } from '../../src/errors.js';

/** An argument template is malformed (unbalanced braces) or a placeholder has no value. */
export class StepTemplateError extends UserError {
  readonly code = 'CI_STEP_TEMPLATE';
}
