/**
 * Runs the units of work of a stage with checkpoints: units completed in the {@link UnitLog} are
 * not run again (their recorded data is returned), the others run with at most `jobs` in flight
 * and each is logged as soon as it finishes. One unit failing does not stop the others.
 */
import { mapLimit } from '../../src/async/map-limit.js';
import type { UnitLog, UnitRecord } from './unit-log.js';

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

/**
 * Group checkpoints: the log lines of finished units are held and written after `flush` (e.g. the
 * registry transaction recording their outputs) succeeded, every `every` units and when the units
 * end. A process killed in between has logged none of the held units, so they run again on resume —
 * a unit is never logged complete before what it wrote is durable. When `flush` fails, the held
 * units are logged (and returned) as failed with its error.
 */
export interface UnitCheckpoint {
  readonly every: number;
  flush(): Promise<void>;
}

/** Options of {@link runUnits}. */
export interface RunUnitsOptions {
  jobs?: number;
  now?: () => Date;
  checkpoint?: UnitCheckpoint;
}

/** Runs `units` (keys must be unique) against `log`; returns outcomes in input order. */
export async function runUnits<T>(log: UnitLog, units: readonly UnitOfWork<T>[], options: RunUnitsOptions = {}): Promise<UnitOutcome<T>[]> {
  const now = options.now ?? (() => new Date());
  const checkpoint = options.checkpoint;
  const held: { record: UnitRecord; outcome: UnitOutcome<T> }[] = [];
  let writing: Promise<void> = Promise.resolve();
  /** Flushes, then logs the units held so far (serialised: one group at a time, in finishing order). */
  const writeHeld = (): Promise<void> => {
    const group = held.splice(0);
    const next = writing.then(async () => {
      if (group.length === 0) return;
      try {
        await checkpoint!.flush();
      } catch (err) {
        const error = `recording the unit's outputs failed: ${err instanceof Error ? err.message : String(err)}`;
        for (const h of group) {
          if (h.outcome.status === 'failed') continue;
          const failed: UnitOutcome<T> = { key: h.outcome.key, status: 'failed', error, data: h.outcome.data };
          Object.assign(h.outcome, failed);
          h.record = { ...h.record, status: 'failed', error };
        }
      }
      await log.appendAll(group.map((h) => h.record));
    });
    writing = next.catch(() => undefined);
    return next;
  };
  const finish = async (record: UnitRecord, outcome: UnitOutcome<T>): Promise<UnitOutcome<T>> => {
    if (!checkpoint) {
      await log.append(record);
      return outcome;
    }
    held.push({ record, outcome });
    if (held.length >= Math.max(1, checkpoint.every)) await writeHeld();
    return outcome;
  };
  const outcomes = await mapLimit(units, options.jobs ?? 1, async (u): Promise<UnitOutcome<T>> => {
    const done = log.completed(u.key);
    if (done) return { key: u.key, status: 'restored', data: done.data as T };
    try {
      const data = await u.run();
      return await finish({ unit: u.key, status: 'completed', finishedAt: now().toISOString(), data }, { key: u.key, status: 'completed', data });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const data = err instanceof UnitFailure ? (err.data as T) : undefined;
      return finish(
        { unit: u.key, status: 'failed', finishedAt: now().toISOString(), error, ...(data !== undefined ? { data } : {}) },
        { key: u.key, status: 'failed', error, ...(data !== undefined ? { data } : {}) },
      );
    }
  });
  if (checkpoint) await writeHeld();
  return outcomes;
}
