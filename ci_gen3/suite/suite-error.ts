import { UserError } from '../../src/errors.js';

/**
 * A parity suite file is malformed: not YAML, unknown keys, wrong types, unknown comparators or
 * placeholders, missing inputs. Carries every problem found, each as `dot.path: message`.
 */
export class SuiteError extends UserError {
  readonly code = 'CI_SUITE';
  constructor(
    /** The suite file named in messages (as given by the caller). */
    readonly file: string,
    /** The problems, each `dot.path: message`. */
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(issues.length === 1 ? `${file}: ${issues[0]}` : `${file}: ${issues.length} problems:\n${issues.map((i) => `  ${file}: ${i}`).join('\n')}`, options);
  }
}
