import { UserError } from '../../errors.js';

/** How many problems the message lists (all are in `issues`). */
const MAX_LISTED = 50;

/**
 * An export document is not valid: bad YAML, an unsupported format version, or items that do not
 * match the format. Carries every problem found, each as `dot.path: message`.
 */
export class ExportFormatError extends UserError {
  readonly code = 'GEN3_EXPORT_FORMAT';
  constructor(
    /** The file name used in messages. */
    readonly file: string,
    /** The problems, each `path: message` (path may be empty for the document itself). */
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      issues.length === 1
        ? `${file}: ${issues[0]}`
        : `${file}: ${issues.length} problems in export document:\n${issues
            .slice(0, MAX_LISTED)
            .map((i) => `  ${file}: ${i}`)
            .join('\n')}${issues.length > MAX_LISTED ? `\n  … and ${issues.length - MAX_LISTED} more` : ''}`,
      options,
    );
  }
}

/** The document's records cannot be migrated to the target dimension universe. */
export class UniverseMigrationError extends UserError {
  readonly code = 'GEN3_EXPORT_UNIVERSE_MIGRATION';
}
