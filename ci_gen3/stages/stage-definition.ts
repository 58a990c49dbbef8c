import type { Logger } from '../../src/log/logger.js';
import type { UnitCheckpoint, UnitOfWork, UnitOutcome } from './run-units.js';
import type { StageName } from './stage-name.js';
import type { UnitLog } from './unit-log.js';

/** What a stage implementation receives. */
export interface StageContext {
  readonly stage: StageName;
  /** The run directory (stamps, unit logs, outputs). */
  readonly runDir: string;
  readonly logger: Logger;
  /** This stage's checkpoint log, already opened for the stage's inputs digest. */
  readonly units: UnitLog;
  /** Runs units of work against {@link StageContext.units}: completed ones are skipped on resume. */
  runUnits<T>(units: readonly UnitOfWork<T>[], options?: { jobs?: number; checkpoint?: UnitCheckpoint }): Promise<UnitOutcome<T>[]>;
}

/**
 * What a stage reports. `failed` when the stage could not do its job (or some units failed);
 * the runner records it and continues with stages that do not depend on it.
 */
export interface StageOutcome {
  status: 'completed' | 'failed';
  error?: string;
}

/** A stage's injected implementation. Throwing is the same as returning `failed` with the message. */
export type StageImplementation = (ctx: StageContext) => Promise<StageOutcome>;

/** A stage: its implementation and the inputs that decide whether a completed stage is up to date. */
export interface StageDefinition {
  run: StageImplementation;
  /** JSON-serialisable inputs (suite section, options); digested into the stamp. Default `null`. */
  inputs?: unknown;
}
