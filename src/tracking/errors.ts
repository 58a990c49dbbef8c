import { UserError } from '../errors.js';

/**
 * A tracking record (milestones.yaml, blockers.yaml, a Jira export, history.jsonl) is invalid.
 * Carries every problem found, each as `file: path: message`.
 */
export class TrackingInputError extends UserError {
  readonly code = 'TRACKING_INPUT';
  constructor(
    /** The problems, each naming the file and the path inside it. */
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(issues.length === 1 ? (issues[0] ?? '') : `${issues.length} problems in the tracking record:\n${issues.map((i) => `  ${i}`).join('\n')}`, options);
  }
}
