/**
 * An opt-in record of the time the reference tasks spend in their own code — what a benchmark of the
 * harness counts as "the tasks' own compute": reading input files and decoding their pixels/tables
 * (`readFits`, config text), the algorithms (ISR, background, detection, the gather), building the
 * output HDUs and writing the output files (with their provenance cards). Everything else is harness
 * or middleware: butler registry look-ups and inserts (find-first queries, dataset and datastore
 * records, their transactions), data-ID expansion, path templates, unit scheduling and checkpoints.
 *
 * Intervals are recorded with `performance.now()`; {@link TaskClock.busySeconds} is the length of
 * their union, so concurrent units (`-j N`) are not counted twice. An interval runs until the task's
 * awaited file reads and writes come back, so when other work shares the thread (`-j N`, or stages
 * running at the same time) it also covers whatever ran meanwhile: "total − union" measures the
 * harness exactly only with `-j 1` and the stages run one after another (`--serial`). When no clock is
 * started, {@link timeTask} only runs its function.
 */

/** The recorded intervals of one measurement. */
export class TaskClock {
  readonly #intervals: [number, number][] = [];

  /** Records one interval. */
  add(start: number, end: number): void {
    this.#intervals.push([start, end]);
  }

  /** Number of intervals recorded. */
  get count(): number {
    return this.#intervals.length;
  }

  /** Seconds during which at least one task was in its own code (union of the intervals). */
  busySeconds(): number {
    return this.busySecondsWithin(-Infinity, Infinity);
  }

  /** {@link TaskClock.busySeconds} within the window `[from, to)` (`performance.now()` milliseconds), e.g. one stage. */
  busySecondsWithin(from: number, to: number): number {
    const sorted = this.#intervals.flatMap(([s, e]): [number, number][] => (e > from && s < to ? [[Math.max(s, from), Math.min(e, to)]] : [])).sort((a, b) => a[0] - b[0]);
    let total = 0;
    let cur: [number, number] | undefined;
    for (const [s, e] of sorted) {
      if (!cur || s > cur[1]) {
        if (cur) total += cur[1] - cur[0];
        cur = [s, e];
      } else if (e > cur[1]) cur[1] = e;
    }
    if (cur) total += cur[1] - cur[0];
    return total / 1000;
  }
}

let active: TaskClock | undefined;

/** Starts recording (replacing any clock in progress) and returns the clock. */
export function startTaskClock(): TaskClock {
  active = new TaskClock();
  return active;
}

/** Stops recording; returns the clock that was recording, if any. */
export function stopTaskClock(): TaskClock | undefined {
  const c = active;
  active = undefined;
  return c;
}

/** Runs `fn`, recording its interval as task compute when a clock is started. */
export async function timeTask<T>(fn: () => T | Promise<T>): Promise<T> {
  const clock = active;
  if (!clock) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    clock.add(start, performance.now());
  }
}
