import { UserError } from '../../src/errors.js';

/**
 * A reference-pipeline unit could not run: a dataset missing for its data ID, a calibration that
 * cannot be chosen, a stored config that differs from this run's. The message names the task, the
 * data ID and the dataset; the harness records it for that unit only.
 */
export class PipelineError extends UserError {
  readonly code = 'CI_PIPELINE';
}

/** A dataset a task asked for does not exist (or cannot be located) for the data ID. */
export class PipelineDatasetNotFoundError extends UserError {
  readonly code = 'CI_PIPELINE_NOT_FOUND';
  constructor(
    readonly datasetType: string,
    readonly dataId: Readonly<Record<string, string | number>>,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${datasetType} ${formatNeutralDataId(dataId)}: ${detail}`, options);
  }
}

/** `{visit=1000, ccd=2}` (keys sorted). */
export function formatNeutralDataId(dataId: Readonly<Record<string, string | number>>): string {
  return `{${Object.keys(dataId)
    .sort()
    .map((k) => `${k}=${String(dataId[k])}`)
    .join(', ')}}`;
}
