import { UserError } from '../../src/errors.js';

/** The outputs of one side cannot be listed: missing rerun directory or Gen3 repository, unreadable registry. */
export class SideOutputsError extends UserError {
  readonly code = 'CI_SIDE_OUTPUTS';
  constructor(
    readonly side: 'gen2' | 'gen3',
    readonly location: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${side} outputs at ${location}: ${message}`, options);
  }
}

/** A golden summary file exists but is not a golden summary of this comparison. */
export class GoldenFileError extends UserError {
  readonly code = 'CI_GOLDEN_FILE';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}
