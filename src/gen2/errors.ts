import { UserError } from '../errors.js';

/** A Gen2 repository is malformed: missing/invalid `_mapper`, `_parent` loop, bad `repositoryCfg.yaml`. */
export class Gen2RepositoryError extends UserError {
  readonly code = 'GEN2_REPOSITORY';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}

/** The mapper class is not one gen2to3 knows (no policy can be found for it). */
export class UnknownMapperError extends UserError {
  readonly code = 'GEN2_UNKNOWN_MAPPER';
  constructor(
    readonly path: string,
    readonly mapper: string,
    detail = '',
  ) {
    super(`${path}: unknown mapper ${mapper}${detail ? `: ${detail}` : ''}`);
  }
}

/** A mapper policy file is missing or malformed. */
export class PolicyError extends UserError {
  readonly code = 'GEN2_POLICY';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}

/** A path template is malformed, cannot be formatted with a data ID, or would escape the root. */
export class TemplateError extends UserError {
  readonly code = 'GEN2_TEMPLATE';
  constructor(
    readonly template: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`template ${JSON.stringify(template)}: ${message}`, options);
  }
}

/** A Gen2 sqlite registry cannot be opened or queried (corrupt file, missing table or column). */
export class Gen2RegistryError extends UserError {
  readonly code = 'GEN2_REGISTRY';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}

/** A Gen2 lookup found no dataset, or more than one where one was needed. */
export class Gen2LookupError extends UserError {
  readonly code = 'GEN2_LOOKUP';
}

/** A walk rule is invalid: a skipped directory that is absolute, empty or leaves the root. */
export class WalkRuleError extends UserError {
  readonly code = 'GEN2_WALK_RULE';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(`walk rule ${JSON.stringify(rule)}: ${message}`);
  }
}
