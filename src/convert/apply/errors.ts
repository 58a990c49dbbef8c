import { UserError } from '../../errors.js';

/** Two Gen2 files give the same dataset (type, RUN and data ID): nothing is written. */
export class ConflictingDatasetsError extends UserError {
  readonly code = 'CONVERT_CONFLICTING_DATASETS';
  constructor(
    readonly conflicts: readonly { readonly datasetType: string; readonly run: string; readonly dataId: string; readonly paths: readonly string[] }[],
  ) {
    const first = conflicts[0];
    super(
      `${conflicts.length} dataset(s) come from more than one Gen2 file${first ? `, e.g. ${first.datasetType} {${first.dataId}} in ${first.run}: ${first.paths.join(', ')}` : ''}; nothing was written`,
    );
  }
}

/** Validity ranges overlap by more than the repair rule closes (1.001 day): certification would fail, so nothing is written. */
export class UnrepairableValidityError extends UserError {
  readonly code = 'CONVERT_VALIDITY_OVERLAP';
  constructor(readonly overlaps: readonly { readonly datasetType: string; readonly dataId: string; readonly previousEnd: string; readonly nextBegin: string }[]) {
    const first = overlaps[0];
    super(
      `${overlaps.length} calibration validity overlap(s) are too large to repair${first ? `, e.g. ${first.datasetType} {${first.dataId}}: a range ends at ${first.previousEnd} ns TAI after the next begins at ${first.nextBegin}` : ''}; fix the Gen2 calibRegistry (or leave those calibrations out with datasetIgnorePatterns); nothing was written`,
    );
  }
}

/** The target Gen3 repository cannot be created or written. */
export class ConversionTargetError extends UserError {
  readonly code = 'CONVERT_TARGET';
  constructor(
    readonly target: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${target}: ${message}`, options);
  }
}
