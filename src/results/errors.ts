import { UserError } from '../errors.js';

/**
 * A results file is not a valid `results.json`: not JSON, another major `formatVersion`, or fields
 * that do not match the model. Carries every problem, each as `path: message`.
 */
export class ResultsFormatError extends UserError {
  readonly code = 'RESULTS_FORMAT';
  constructor(
    /** The file named in messages. */
    readonly file: string,
    /** The problems, each `path: message`. */
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(issues.length === 1 ? `${file}: ${issues[0]}` : `${file}: ${issues.length} problems:\n${issues.map((i) => `  ${file}: ${i}`).join('\n')}`, options);
  }
}
