import { UserError } from '../../errors.js';

/** A file template is malformed, inconsistent with a dataset type, or cannot be formatted for a dataset. */
export class FileTemplateError extends UserError {
  readonly code = 'GEN3_FILE_TEMPLATE';
  constructor(
    /** The template text (empty when the problem is not one template, e.g. no template found). */
    readonly template: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A file could not be transferred into (or its transfer undone from) the datastore. */
export class TransferError extends UserError {
  readonly code = 'GEN3_TRANSFER';
  constructor(
    /** The source file of the transfer. */
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
