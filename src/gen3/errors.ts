/**
 * Errors of the Gen3 registry layer. Each has a stable, project-unique `code`.
 */
import { Gen2to3Error, ExitCode, UserError } from '../errors.js';

/** A row to be synced already exists with different values. */
export class RegistryConflictError extends UserError {
  readonly code = 'GEN3_REGISTRY_CONFLICT';
  constructor(
    readonly table: string,
    readonly key: Readonly<Record<string, unknown>>,
    readonly existing: Readonly<Record<string, unknown>>,
    readonly expected: Readonly<Record<string, unknown>>,
  ) {
    super(`conflict in table ${table} for key ${show(key)}: existing ${show(existing)}, expected ${show(expected)}`);
  }
}

/** The repository was written by manager classes or versions gen2to3 does not support. */
export class IncompatibleRepositoryError extends UserError {
  readonly code = 'GEN3_INCOMPATIBLE_REPOSITORY';
  constructor(
    readonly root: string,
    readonly problems: readonly string[],
  ) {
    super(`${root}: unsupported Gen3 repository: ${problems.join('; ')}`);
  }
}

/** `createRepository` was pointed at a place that already holds a repository. */
export class RepositoryExistsError extends UserError {
  readonly code = 'GEN3_REPOSITORY_EXISTS';
  constructor(
    readonly root: string,
    reason: string,
  ) {
    super(`${root}: a repository already exists (${reason})`);
  }
}

/** No repository (no `butler.yaml`) at the given place. */
export class RepositoryNotFoundError extends UserError {
  readonly code = 'GEN3_REPOSITORY_NOT_FOUND';
  constructor(readonly root: string, options?: { cause?: unknown }) {
    super(`${root}: not a Gen3 repository (no readable butler.yaml)`, options);
  }
}

/** A database URL that gen2to3 cannot use (unsupported scheme, malformed). */
export class DatabaseUrlError extends UserError {
  readonly code = 'GEN3_DATABASE_URL';
  constructor(readonly url: string, reason: string) {
    super(`invalid database URL ${redactUrl(url)}: ${reason}`);
  }
}

/** The database could not be reached or refused the connection, or lacks a prerequisite. */
export class DatabaseConnectionError extends UserError {
  readonly code = 'GEN3_DATABASE_CONNECTION';
  constructor(readonly url: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot use database ${redactUrl(url)}: ${reason}`, options);
  }
}

/** A statement failed; carries the SQL (without bound values' secrets) and the driver error. */
export class DatabaseQueryError extends Gen2to3Error {
  readonly code = 'GEN3_DATABASE_QUERY';
  readonly exitCode = ExitCode.internal;
  constructor(readonly sql: string, options?: { cause?: unknown }) {
    super(`database statement failed: ${sql.length > 300 ? `${sql.slice(0, 300)}…` : sql}`, options);
  }
}

/** `url` with its password replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z0-9+]+:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}

function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
