/**
 * Child process of the harness benchmark (one per run, so that every run starts cold, as a
 * `gen2to3 ci run` does): `node harness-run-worker.js <json {@link HarnessRunOptions}>`. Runs the
 * suite through `runSuite` with the task clock recording and prints one JSON line
 * ({@link HarnessRunResult}) on stdout.
 */
import { runSuite } from '../../ci_gen3/run-suite.js';
import { startTaskClock, stopTaskClock } from '../../ci_gen3/pipeline/task-clock.js';
import { harnessProjectRoot } from '../../ci_gen3/demo/demo-instrument.js';
import type { HarnessRunOptions, HarnessRunResult } from './harness-run-shared.js';

async function main(opts: HarnessRunOptions): Promise<HarnessRunResult> {
  const clock = startTaskClock();
  const started = performance.now();
  let r;
  try {
    r = await runSuite({ suitePath: opts.suitePath, outDir: opts.outDir, jobs: opts.jobs, serial: opts.serial, projectRoot: harnessProjectRoot() });
  } finally {
    stopTaskClock();
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const results = r.results;
  const stageSeconds: Record<string, number> = {};
  const stageOverheadSeconds: Record<string, number> = {};
  for (const s of results.stages) {
    stageSeconds[s.stage] = s.durationMs / 1000;
    if (!s.startedAt) continue;
    const from = Date.parse(s.startedAt) - performance.timeOrigin;
    stageOverheadSeconds[s.stage] = s.durationMs / 1000 - clock.busySecondsWithin(from, from + s.durationMs);
  }
  const prepareSeconds = stageSeconds.prepare ?? 0;
  const measured = totalSeconds - prepareSeconds;
  const computeSeconds = clock.busySeconds();
  return {
    totalSeconds,
    prepareSeconds,
    computeSeconds,
    overheadSeconds: measured - computeSeconds,
    overheadFraction: (measured - computeSeconds) / measured,
    intervals: clock.count,
    pairs: results.comparisons.reduce((n, c) => n + c.pairs.length, 0),
    problems: r.problems,
    stageSeconds,
    stageOverheadSeconds,
    stepUnitSeconds: {
      gen2: results.steps.reduce((t, s) => t + (s.gen2?.wallSeconds ?? 0), 0),
      gen3: results.steps.reduce((t, s) => t + (s.gen3?.wallSeconds ?? 0), 0),
    },
  };
}

main(JSON.parse(process.argv[2] ?? '{}') as HarnessRunOptions).then(
  (result) => void process.stdout.write(`${JSON.stringify(result)}\n`),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
