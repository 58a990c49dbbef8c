import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastJsonLine, runChild } from './bench-process.js';
import type { HarnessFloorOptions, HarnessFloorResult } from './harness-floor-worker.js';
import type { HarnessRunOptions, HarnessRunResult } from './harness-run-shared.js';
import { percentile } from './timing.js';
import type { BenchContext, Benchmark } from './types.js';

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

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Runs of each mode (`BENCH_HARNESS_RUNS`, default 3), alternating `--serial` and default. */
const RUNS = Math.max(1, Number(process.env.BENCH_HARNESS_RUNS ?? 3));

/** A run as measured, with its child's peak RSS and (`--serial` runs) the floor measured on its files right after it. */
type MeasuredRun = HarnessRunResult & { readonly maxRssKiB: number; readonly floor?: HarnessFloorResult };

/** The floor of the harness's own input/output, measured on a finished run's files (`harness-floor-worker.ts`). */
async function measureFloor(ctx: BenchContext, runDir: string): Promise<HarnessFloorResult> {
  const opts: HarnessFloorOptions = { runDir, scratchDir: path.join(ctx.tmpDir, 'floor'), instrument: 'DemoCam' };
  const child = await runChild(ctx, process.execPath, [path.join(HERE, 'harness-floor-worker.js'), JSON.stringify(opts)]);
  return lastJsonLine<HarnessFloorResult>(child.stdout, 'harness-floor-worker.js');
}

/** One run of the suite in its own child process and a fresh run directory. */
async function measureRun(ctx: BenchContext, suitePath: string, outDir: string, serial: boolean): Promise<MeasuredRun> {
  const opts: HarnessRunOptions = { suitePath, outDir, jobs: JOBS, serial };
  const child = await runChild(ctx, process.execPath, [path.join(HERE, 'harness-run-worker.js'), JSON.stringify(opts)]);
  const run = lastJsonLine<HarnessRunResult>(child.stdout, 'harness-run-worker.js');
  // The floor reads the run's files while they are as fresh in the page cache as the compare stage found them.
  return { ...run, maxRssKiB: child.maxRssKiB, ...(serial ? { floor: await measureFloor(ctx, outDir) } : {}) };
}

/** The middle value (the lower middle of an even count). */
const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);

/**
 * The parity harness on the demo suite scaled to 1,000 detector-visits (125 visits × 8 detectors,
 * 128 × 128 pixels), all seven stages through `runSuite` with `-j 1` and `--serial` (one stage after
 * another). Harness overhead = total wall time − the tasks' own compute, where the tasks' own compute
 * is the union of the intervals the reference tasks spend reading their input files, computing and
 * writing their output files (`ci_gen3/pipeline/task-clock.ts`); butler registry bookkeeping,
 * conversion, conversion parity, comparing, scheduling and checkpoints are overhead. Generating the
 * demo inputs (the prepare stage) is reported but not counted: a real suite starts from existing
 * repositories. Each run is its own process (cold, as `gen2to3 ci run` is); {@link RUNS} `--serial`
 * runs alternate with as many runs as `gen2to3 ci run` runs by default (`run-gen2` beside `convert`,
 * `conversion-parity` and `run-gen3`), which count for their wall time only: there a task's interval
 * also holds the other side's work done while the task waited for its files, so "total − intervals"
 * no longer measures the harness. The overhead reported is the median `--serial` run's.
 */
export const harnessBenchmark: Benchmark = {
  name: 'harness',
  description: `gen2to3 ci run --serial (runSuite, -j ${JOBS}) on the demo suite scaled to ${VISITS} visits × ${DETECTORS} detectors (1,000 detector-visits, 128×128), ${RUNS} runs each in its own process: overhead = (total − prepare − tasks' own compute) / (total − prepare), median run; tasks' own compute = time inside the reference tasks reading input files, computing and writing output files (union over concurrent units); registry bookkeeping is overhead. Alternating with ${RUNS} default runs (stages run as soon as their dependencies finish) for their wall time.`,
  async run(ctx) {
    const visits = Math.max(2, Math.round(VISITS * ctx.scale));
    const detectorVisits = visits * DETECTORS;
    const suitePath = path.join(ctx.tmpDir, 'bench-harness.yaml');
    writeFileSync(suitePath, suiteYaml(visits));
    const serialRuns: MeasuredRun[] = [];
    const defaultRuns: MeasuredRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      for (const serial of [true, false]) {
        const m = await measureRun(ctx, suitePath, path.join(ctx.tmpDir, `run-${serial ? 'serial' : 'default'}-${i}`), serial);
        (serial ? serialRuns : defaultRuns).push(m);
        ctx.log(
          `${serial ? '--serial' : 'default'} ${i + 1}/${RUNS}: total ${m.totalSeconds.toFixed(1)} s, prepare ${m.prepareSeconds.toFixed(1)} s, task intervals ${m.computeSeconds.toFixed(1)} s (${m.intervals})` +
            `${serial ? `, overhead ${m.overheadSeconds.toFixed(1)} s (${(100 * m.overheadFraction).toFixed(1)}%)` : ''}, problems: ${m.problems.join('; ') || 'none'}`,
        );
      }
    }
    const fractions = serialRuns.map((r) => r.overheadFraction);
    const medianFraction = median(fractions);
    const mid = serialRuns.find((r) => r.overheadFraction === medianFraction) ?? serialRuns[0]!;
    const stage = (name: string): number => round(mid.stageSeconds[name] ?? 0);
    const stageOverhead = (name: string): number => round(mid.stageOverheadSeconds[name] ?? 0);
    const wall = (runs: readonly MeasuredRun[]): number => round(median(runs.map((r) => r.totalSeconds - r.prepareSeconds)));
    const floor = mid.floor;
    if (!floor) throw new Error('the median --serial run has no floor measurement');
    ctx.log(
      `floor (the median run's files and rows, fs and SQLite alone): ${floor.floorSeconds.toFixed(2)} s — compare reads ${floor.compareReadSeconds.toFixed(2)}, parity stats ${floor.parityStatSeconds.toFixed(2)}, ` +
        `convert links ${floor.convertLinkSeconds.toFixed(2)}, input rows ${floor.inputRowsSeconds.toFixed(2)}, output rows ${floor.outputRowsSeconds.toFixed(2)} (${floor.outputTransactions} transactions), results ${floor.resultsWriteSeconds.toFixed(2)}`,
    );
    return {
      metrics: {
        detectorVisits,
        runs: RUNS,
        pairs: mid.pairs,
        problems: [...serialRuns, ...defaultRuns].reduce((n, r) => n + r.problems.length, 0),
        totalSeconds: round(mid.totalSeconds),
        prepareSeconds: round(mid.prepareSeconds),
        taskComputeSeconds: round(mid.computeSeconds),
        overheadSeconds: round(mid.overheadSeconds),
        overheadFraction: round(mid.overheadFraction, 3),
        overheadFractionMin: round(Math.min(...fractions), 3),
        overheadFractionMax: round(Math.max(...fractions), 3),
        overheadMsPerDetectorVisit: round((1000 * mid.overheadSeconds) / detectorVisits, 2),
        floorSeconds: round(floor.floorSeconds, 2),
        floorFraction: round(floor.floorSeconds / (floor.floorSeconds + mid.computeSeconds), 3),
        overheadToFloor: round(mid.overheadSeconds / floor.floorSeconds),
        convertSeconds: stage('convert'),
        conversionParitySeconds: stage('conversion-parity'),
        runGen2Seconds: stage('run-gen2'),
        runGen3Seconds: stage('run-gen3'),
        runGen2OverheadSeconds: stageOverhead('run-gen2'),
        runGen3OverheadSeconds: stageOverhead('run-gen3'),
        compareSeconds: stage('compare'),
        gen2StepUnitSeconds: round(mid.stepUnitSeconds.gen2),
        gen3StepUnitSeconds: round(mid.stepUnitSeconds.gen3),
        serialSeconds: wall(serialRuns),
        defaultSeconds: wall(defaultRuns),
        peakRssMiB: Math.round(mid.maxRssKiB / 1024),
      },
      peers: {
        'I/O floor (fs and SQLite alone, the median run)': {
          seconds: round(floor.floorSeconds, 2),
          compareReadSeconds: round(floor.compareReadSeconds, 2),
          parityStatSeconds: round(floor.parityStatSeconds, 3),
          convertLinkSeconds: round(floor.convertLinkSeconds, 2),
          inputRowsSeconds: round(floor.inputRowsSeconds, 2),
          outputRowsSeconds: round(floor.outputRowsSeconds, 2),
          resultsWriteSeconds: round(floor.resultsWriteSeconds, 2),
          outputFilePairs: floor.outputFilePairs,
          outputMB: Math.round(floor.outputBytes / 1e6),
          outputTransactions: floor.outputTransactions,
        },
      },
      targets: [
        { metric: 'overheadFraction', op: '<=', value: 0.1 },
        { metric: 'problems', op: '<=', value: 0 },
      ],
      notes: [
        `Each run is its own process, started cold as gen2to3 ci run is; --serial and default runs alternate (${RUNS} each).`,
        'overheadFraction and the columns after it up to serialSeconds: the --serial run with the median overhead fraction, whose stages and task intervals do not overlap; overheadFractionMin/Max: the range over the --serial runs.',
        'serialSeconds / defaultSeconds: median wall time less prepare of the --serial runs and of the default runs (stages overlapping).',
        'runGen2/runGen3OverheadSeconds: the run stage less the tasks\' compute inside it (butler bookkeeping, scheduling, checkpoints); convert, conversion parity and compare are overhead whole.',
        `gen2/gen3StepUnitSeconds: the step reports' per-unit wall times summed (registry bookkeeping included; -j ${JOBS}${JOBS === 1 ? ', one unit at a time' : ', units overlapping'}).`,
        'The machine is shared (2 CPUs): numbers vary by tens of percent between runs.',
        "floorSeconds: the input/output no implementation of the harness's stages can avoid, repeated on the median --serial run's own files right after that run with nothing but fs calls and better-sqlite3 prepared statements (harness-floor-worker.ts): every output file of both sides read once and each pair compared byte for byte past its first header block; both files of every converted dataset stat'ed; every converted file hard-linked into a fresh tree; every dataset's registry rows written back into a copy of the run's database (inputs in one transaction, outputs in one transaction per checkpoint group); results.json written compact. Header parsing, pixel decoding, data-ID translation, look-ups, logs and module loading are left out, so it is a lower bound. floorFraction = floor / (floor + the run's task compute): the overhead fraction of a harness that did only that; overheadToFloor = overheadSeconds / floorSeconds.",
      ],
    };
  },
};
