import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runSuite } from '../../ci_gen3/run-suite.js';
import { startTaskClock, stopTaskClock } from '../../ci_gen3/pipeline/task-clock.js';
import { harnessProjectRoot } from '../../ci_gen3/demo/demo-instrument.js';
import type { Benchmark } from './types.js';

const VISITS = 125;
const DETECTORS = 8;
const JOBS = 1;

/** The demo suite (`ci_gen3/suites/demo.yaml`) with its inputs scaled (no goldens: they describe the 6 × 4 demo). */
function suiteYaml(visits: number): string {
  return `formatVersion: 1
name: bench-harness
metadata: { instruments: [DemoCam], evidenceFor: [DM-DAX-8, DM-DAX-12] }
inputs:
  demo: { seed: 1, visits: ${visits}, detectors: ${DETECTORS}, width: 128, height: 128, visitsPerNight: 2, startDate: '2020-03-01', calibValidityDays: 2 }
conversion: { converters: [demo], transfer: auto }
steps:
  gen2:
    - { name: isr, task: isr, pre: true }
    - { name: detect, task: detect, pre: true }
    - { name: visitSummary, task: visitSummary }
  gen3:
    - { name: isr, task: isr }
    - { name: detect, task: detect }
    - { name: visitSummary, task: visitSummary }
comparisons:
  - { id: conversion/raw, kind: conversion, datasetType: raw, comparator: bytes }
  - { id: conversion/bias, kind: conversion, datasetType: bias, comparator: bytes }
  - { id: conversion/flat, kind: conversion, datasetType: flat, comparator: bytes }
  - { id: postISRCCD, datasetType: postISRCCD, comparator: image, tolerances: { rtol: 1.0e-5, atol: 1.0e-8 } }
  - { id: calexp, datasetType: calexp, comparator: image, tolerances: { rtol: 1.0e-5, atol: 1.0e-8 } }
  - id: calexp-header
    datasetType: calexp
    comparator: header
    ignoreKeywords: ['LSST BUTLER*', 'DATE']
    expectedDifferences: [{ reason: RUN vs RERUN, fields: [RUN, RERUN] }]
  - { id: src, datasetType: src, comparator: catalog, match: { by: id }, tolerances: { rtol: 1.0e-6, atol: 1.0e-9 } }
  - { id: visitSummary, datasetType: visitSummary, comparator: catalog, match: { by: id } }
  - id: isr_config
    datasetType: isr_config
    gen2DatasetType: demoIsr_config
    comparator: config
    pairing: { rule: same-keys }
    expectedDifferences: [{ reason: Gen2 driver knob, fields: [doWrite] }]
`;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

interface ModeRun {
  totalSeconds: number;
  prepareSeconds: number;
  computeSeconds: number;
  overheadSeconds: number;
  overheadFraction: number;
  intervals: number;
  pairs: number;
  problems: string[];
  stage(name: string): number;
  /** A stage's wall time less the tasks' compute inside its window (meaningful when the stages run one at a time). */
  stageOverhead(name: string): number;
  stepSeconds(side: 'gen2' | 'gen3'): number;
}

/** One run of the suite in a fresh run directory, with the task clock recording. */
async function measureRun(suitePath: string, outDir: string, serial: boolean): Promise<ModeRun> {
  const clock = startTaskClock();
  const started = performance.now();
  let r;
  try {
    r = await runSuite({ suitePath, outDir, jobs: JOBS, serial, projectRoot: harnessProjectRoot() });
  } finally {
    stopTaskClock();
  }
  const results = r.results;
  const totalSeconds = (performance.now() - started) / 1000;
  const stage = (name: string): number => (results.stages.find((s) => s.stage === name)?.durationMs ?? 0) / 1000;
  const prepareSeconds = stage('prepare');
  const computeSeconds = clock.busySeconds();
  const measured = totalSeconds - prepareSeconds;
  return {
    totalSeconds,
    prepareSeconds,
    computeSeconds,
    overheadSeconds: measured - computeSeconds,
    overheadFraction: (measured - computeSeconds) / measured,
    intervals: clock.count,
    pairs: results.comparisons.reduce((n, c) => n + c.pairs.length, 0),
    problems: r.problems,
    stage,
    stageOverhead: (name) => {
      const s = results.stages.find((x) => x.stage === name);
      if (!s?.startedAt) return stage(name);
      const from = Date.parse(s.startedAt) - performance.timeOrigin;
      return s.durationMs / 1000 - clock.busySecondsWithin(from, from + s.durationMs);
    },
    stepSeconds: (side) => results.steps.reduce((t, s) => t + (s[side]?.wallSeconds ?? 0), 0),
  };
}

/**
 * The parity harness on the demo suite scaled to 1,000 detector-visits (125 visits × 8 detectors,
 * 128 × 128 pixels), all seven stages through `runSuite` with `-j 1` and `--serial` (one stage after
 * another). Harness overhead = total wall time − the tasks' own compute, where the tasks' own compute
 * is the union of the intervals the reference tasks spend reading their input files, computing and
 * writing their output files (`ci_gen3/pipeline/task-clock.ts`); butler registry bookkeeping,
 * conversion, conversion parity, comparing, scheduling and checkpoints are overhead. Generating the
 * demo inputs (the prepare stage) is reported but not counted: a real suite starts from existing
 * repositories. Then the same suite as `gen2to3 ci run` runs it by default (`run-gen2` beside
 * `convert`, `conversion-parity` and `run-gen3`), for its wall time only: there a task's interval
 * also holds the other side's work done while the task waited for its files, so "total − intervals"
 * no longer measures the harness.
 */
export const harnessBenchmark: Benchmark = {
  name: 'harness',
  description: `gen2to3 ci run --serial (runSuite, -j ${JOBS}) on the demo suite scaled to ${VISITS} visits × ${DETECTORS} detectors (1,000 detector-visits, 128×128): overhead = (total − prepare − tasks' own compute) / (total − prepare); tasks' own compute = time inside the reference tasks reading input files, computing and writing output files (union over concurrent units); registry bookkeeping is overhead. Then the default (stages run as soon as their dependencies finish) for its wall time.`,
  async run(ctx) {
    const visits = Math.max(2, Math.round(VISITS * ctx.scale));
    const suitePath = path.join(ctx.tmpDir, 'bench-harness.yaml');
    writeFileSync(suitePath, suiteYaml(visits));
    const log = (mode: string, m: ModeRun): void => ctx.log(`${mode}: total ${m.totalSeconds.toFixed(1)} s, prepare ${m.prepareSeconds.toFixed(1)} s, task intervals ${m.computeSeconds.toFixed(1)} s (${m.intervals}), problems: ${m.problems.join('; ') || 'none'}`);
    const s = await measureRun(suitePath, path.join(ctx.tmpDir, 'run-serial'), true);
    log('--serial', s);
    const d = await measureRun(suitePath, path.join(ctx.tmpDir, 'run'), false);
    log('default', d);
    return {
      metrics: {
        detectorVisits: visits * DETECTORS,
        pairs: s.pairs,
        problems: s.problems.length + d.problems.length,
        totalSeconds: round(s.totalSeconds),
        prepareSeconds: round(s.prepareSeconds),
        taskComputeSeconds: round(s.computeSeconds),
        overheadSeconds: round(s.overheadSeconds),
        overheadFraction: round(s.overheadFraction, 3),
        convertSeconds: round(s.stage('convert')),
        conversionParitySeconds: round(s.stage('conversion-parity')),
        runGen2Seconds: round(s.stage('run-gen2')),
        runGen3Seconds: round(s.stage('run-gen3')),
        runGen2OverheadSeconds: round(s.stageOverhead('run-gen2')),
        runGen3OverheadSeconds: round(s.stageOverhead('run-gen3')),
        compareSeconds: round(s.stage('compare')),
        gen2StepUnitSeconds: round(s.stepSeconds('gen2')),
        gen3StepUnitSeconds: round(s.stepSeconds('gen3')),
        serialSeconds: round(s.totalSeconds - s.prepareSeconds),
        defaultSeconds: round(d.totalSeconds - d.prepareSeconds),
      },
      peers: {},
      targets: [
        { metric: 'overheadFraction', op: '<=', value: 0.1 },
        { metric: 'problems', op: '<=', value: 0 },
      ],
      notes: [
        'overheadFraction and the stage columns: the --serial run, whose stages and task intervals do not overlap.',
        'serialSeconds / defaultSeconds: wall time less prepare of the --serial run and of the default run (stages overlapping), which ran second, in the same process.',
        'runGen2/runGen3OverheadSeconds: the run stage less the tasks\' compute inside it (butler bookkeeping, scheduling, checkpoints); convert, conversion parity and compare are overhead whole.',
        `gen2/gen3StepUnitSeconds: the step reports' per-unit wall times summed (registry bookkeeping included; units overlap with -j ${JOBS}).`,
        'The machine is shared (2 CPUs): numbers vary by tens of percent between runs.',
      ],
    };
  },
};
