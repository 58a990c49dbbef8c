/**
 * Runs the units of work of a stage with checkpoints: units completed in the {@link UnitLog} are
 * not run again (their recorded data is returned), the others run with at most `jobs` in flight
 * and each is logged as soon as it finishes. One unit failing does not stop the others.
 */
import { mapLimit } from './map-limit.js';
import type { UnitLog } from './unit-log.js';

/** One unit of work. `run` returns JSON-serialisable data, or throws to fail the unit. */
export interface UnitOfWork<T> {
  readonly key: string;
  run(): Promise<T>;
}

/** What happened to one unit. `restored`: completed by an earlier, interrupted run. */
export type UnitOutcome<T> =
  | { key: string; status: 'completed' | 'restored'; data: T }
  | { key: string; status: 'failed'; error: string; data?: T };

/** Thrown by a unit to fail with data (e.g. a command's resource usage) recorded alongside. */
export class UnitFailure<T> extends Error {
  constructor(
    message: string,
    readonly data: T,
  ) {
    super(message);
  }
}

/** Runs `units` (keys must be unique) against `log`; returns outcomes in input order. */
export async function runUnits<T>(log: UnitLog, units: readonly UnitOfWork<T>[], options: { jobs?: number; now?: () => Date } = {}): Promise<UnitOutcome<T>[]> {
  const now = options.now ?? (() => new Date());
  return mapLimit(units, options.jobs ?? 1, async (u): Promise<UnitOutcome<T>> => {
    const done = log.completed(u.key);
    if (done) return { key: u.key, status: 'restored', data: done.data as T };
    try {
      const data = await u.run();
      await log.append({ unit: u.key, status: 'completed', finishedAt: now().toISOString(), data });
      return { key: u.key, status: 'completed', data };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const data = err instanceof UnitFailure ? (err.data as T) : undefined;
      await log.append({ unit: u.key, status: 'failed', finishedAt: now().toISOString(), error, ...(data !== undefined ? { data } : {}) });
      return { key: u.key, status: 'failed', error, ...(data !== undefined ? { data } : {}) };
    }
  });
}
