import { formatDataId, type Gen2DataId } from '../gen2/data-id.js';
import { ExitCode, Gen2to3Error, UserError } from '../errors.js';

/** A Gen2 data ID cannot be translated to a Gen3 data ID (missing key, bad value, unknown tract). */
export class DataIdTranslationError extends UserError {
  readonly code = 'CONVERT_DATA_ID';
  constructor(
    readonly datasetType: string,
    readonly dataId: Gen2DataId,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot translate ${datasetType} data ID {${formatDataId(dataId)}}: ${reason}`, options);
  }
}

/** A converter declaration is inconsistent (a bug in `converters/`, caught by the conformance suite). */
export class ConverterDeclarationError extends Gen2to3Error {
  readonly code = 'CONVERT_DECLARATION';
  readonly exitCode = ExitCode.internal;
}

/** A conversion plan file has another major `formatVersion`, or is not a plan. */
export class PlanFormatError extends UserError {
  readonly code = 'CONVERT_PLAN_FORMAT';
}
