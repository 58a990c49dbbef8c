import { UserError } from '../errors.js';

/** A pex_config Python dump cannot be parsed as data (it is never executed). */
export class ConfigDumpError extends UserError {
  readonly code = 'CONFIG_DUMP';

  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

/** A YAML or JSON file cannot be parsed. */
export class StructuredDataError extends UserError {
  readonly code = 'STRUCTURED_DATA';

  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}

/** Catalog rows cannot be matched as asked (a match column is missing or not numeric). */
export class CatalogMatchError extends UserError {
  readonly code = 'CATALOG_MATCH';
}
