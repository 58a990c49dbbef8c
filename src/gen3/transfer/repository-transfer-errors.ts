import { UserError } from '../../errors.js';

/** An export document cannot be imported into this repository (missing file, unknown dataset type, bad reference). Nothing was written. */
export class ImportRepositoryError extends UserError {
  readonly code = 'GEN3_IMPORT_REPOSITORY';
}

/** Datasets cannot be exported (no datastore record, disassembled, bad selection). Nothing was written. */
export class ExportRepositoryError extends UserError {
  readonly code = 'GEN3_EXPORT_REPOSITORY';
}

/** An ingest table (`butler ingest-files TABLE_FILE`) cannot be read or does not fit the dataset type. */
export class IngestTableError extends UserError {
  readonly code = 'GEN3_INGEST_TABLE';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}
