/**
 * Error hierarchy. Every error gen2to3 raises on purpose is a {@link Gen2to3Error} with a stable
 * `code` (unique across the project, checked by a unit test) and an optional `cause`.
 * {@link UserError}s are caused by the user's input (exit code 2); {@link InternalError}s are bugs.
 */

/** Exit codes shared by every command: 0 success/identical, 1 differences found, 2 bad input or usage. */
export const ExitCode = { ok: 0, differences: 1, badInput: 2, internal: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class of all gen2to3 errors. */
export abstract class Gen2to3Error extends Error {
  /** Stable machine-readable identifier, e.g. `GEN2_REPOSITORY`. */
  abstract readonly code: string;
  /** Exit code the CLI uses when this error ends a command. */
  abstract readonly exitCode: ExitCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An error caused by the user's input: files, options, configuration. Exit code 2. */
export abstract class UserError extends Gen2to3Error {
  readonly exitCode = ExitCode.badInput;
}

/** A bug in gen2to3. Exit code 3; the CLI asks the user to report it. */
export class InternalError extends Gen2to3Error {
  readonly code = 'INTERNAL';
  readonly exitCode = ExitCode.internal;
}

/** Bad command-line usage or option value. */
export class UsageError extends UserError {
  readonly code = 'USAGE';
}

/** A configuration file (convert config, suite, policy override) is malformed. */
export class ConfigError extends UserError {
  readonly code = 'CONFIG';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}

/** A file or directory could not be read or written. */
export class FileAccessError extends UserError {
  readonly code = 'FILE_ACCESS';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}

/** True when `err` is a Node.js system error with the given `code` (e.g. `ENOENT`). */
export function isErrnoError(err: unknown, code?: string): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && (code === undefined || (err as NodeJS.ErrnoException).code === code);
}
