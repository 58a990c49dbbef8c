/**
 * Benchmark runner: `npm run bench` or `node dist/test/bench/run.js [name...] [--list]`.
 * Runs the registered benchmarks (all, or those named), merges their results into
 * `reports/bench/results.json` (a benchmark not run keeps its latest entry there; each entry records
 * when it was measured), writes `reports/bench/results.md`, prints the summary table, and refreshes the
 * section between `<!-- bench:start -->` and `<!-- bench:end -->` in README.md when present.
 * Exit code: 0 all targets met, 1 a target missed or a benchmark failed, 2 bad usage.
 * `BENCH_SCALE` (default 1) scales the inputs.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './bench-process.js';
import { machineInfo } from './machine-info.js';
import { markdownReport, summaryTable } from './markdown-report.js';
import { registryInsertBenchmark } from './registry-insert.bench.js';
import { replaceReadmeSection } from './readme-section.js';
import { fitsdiffBenchmark } from './fitsdiff.bench.js';
import type { BenchReport, BenchRun, Benchmark, BenchResult, EvaluatedTarget } from './types.js';
import { walkBenchmark } from './walk.bench.js';
import { convertBenchmark } from './convert.bench.js';
import { harnessBenchmark } from './harness.bench.js';

/** Every benchmark, in run order. Add new ones here. */
const BENCHMARKS: readonly Benchmark[] = [walkBenchmark, fitsdiffBenchmark, registryInsertBenchmark, convertBenchmark, harnessBenchmark];

/** A run as stored in `results.json`: when it was measured, so that merged entries keep their date. */
type StoredRun = BenchRun & { readonly measuredAt?: string };


function evaluate(result: BenchResult): EvaluatedTarget[] {
  return result.targets.map((target) => {
    const actual = result.metrics[target.metric];
    const pass = actual !== undefined && (target.op === '>=' ? actual >= target.value : actual <= target.value);
    return { ...target, actual, pass };
  });
}

async function runOne(benchmark: Benchmark, scale: number): Promise<StoredRun> {
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), `gen2to3-bench-${benchmark.name}-`));
  const log = (message: string): void => void process.stderr.write(`[${benchmark.name}] ${message}\n`);
  const started = performance.now();
  const measuredAt = new Date().toISOString();
  try {
    const result = await benchmark.run({ tmpDir, scale, log });
    const targets = evaluate(result);
    return {
      name: benchmark.name,
      description: benchmark.description,
      measuredAt,
      metrics: result.metrics,
      peers: result.peers,
      targets,
      notes: result.notes ?? [],
      pass: targets.every((t) => t.pass),
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return {
      name: benchmark.name,
      description: benchmark.description,
      measuredAt,
      metrics: {},
      peers: {},
      targets: [],
      notes: [],
      pass: false,
      durationMs: Math.round(performance.now() - started),
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--list')) {
    for (const b of BENCHMARKS) process.stdout.write(`${b.name}\t${b.description}\n`);
    return 0;
  }
  const names = args.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  const badFlags = args.filter((a) => a.startsWith('-') && a !== '--list');
  if (unknown.length > 0 || badFlags.length > 0) {
    process.stderr.write(`unknown benchmark or option: ${[...unknown, ...badFlags].join(', ')}; available: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    return 2;
  }
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  if (!(scale > 0)) {
    process.stderr.write(`BENCH_SCALE must be a positive number, got ${process.env.BENCH_SCALE}\n`);
    return 2;
  }
  const selected = names.length > 0 ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;
  const runs: StoredRun[] = [];
  for (const benchmark of selected) runs.push(await runOne(benchmark, scale));

  const root = projectRoot();
  const outDir = path.join(root, 'reports', 'bench');
  const resultsFile = path.join(outDir, 'results.json');
  const report: BenchReport = { formatVersion: 1, createdAt: new Date().toISOString(), machine: machineInfo(), runs: mergeRuns(previousRuns(resultsFile), runs) };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'results.md'), markdownReport(report));
  const summary = summaryTable(report);
  process.stdout.write(`${summary}\n\nwrote ${path.relative(root, path.join(outDir, 'results.json'))} and results.md\n`);
  if (replaceReadmeSection(path.join(root, 'README.md'), summary)) process.stdout.write('updated the benchmark section of README.md\n');
  return runs.every((r) => r.pass) ? 0 : 1;
}

/**
 * The runs of an earlier `results.json`, each dated (an entry without `measuredAt` takes the file's
 * `createdAt`); none when the file is missing or unreadable (with a warning when it is unreadable).
 */
function previousRuns(file: string): StoredRun[] {
  if (!existsSync(file)) return [];
  try {
    const old = JSON.parse(readFileSync(file, 'utf8')) as { formatVersion?: unknown; createdAt?: string; runs?: StoredRun[] };
    if (old.formatVersion !== 1 || !Array.isArray(old.runs)) throw new Error(`formatVersion ${String(old.formatVersion)} or no runs`);
    return old.runs
      .filter((run) => typeof run?.name === 'string')
      .map((run) => (run.measuredAt === undefined && old.createdAt !== undefined ? { ...run, measuredAt: old.createdAt } : run));
  } catch (err) {
    process.stderr.write(`ignoring the previous ${path.basename(file)}: ${err instanceof Error ? err.message : String(err)}\n`);
    return [];
  }
}

/**
 * The latest result of every benchmark: the runs just made replace those of the same name; the others
 * are kept. Registered benchmarks come first, in registry order, then entries of unregistered names.
 */
function mergeRuns(previous: readonly StoredRun[], current: readonly StoredRun[]): StoredRun[] {
  const byName = new Map<string, StoredRun>();
  for (const run of [...previous, ...current]) byName.set(run.name, run);
  const order = (name: string): number => {
    const index = BENCHMARKS.findIndex((b) => b.name === name);
    return index < 0 ? BENCHMARKS.length : index;
  };
  return [...byName.values()].sort((x, y) => order(x.name) - order(y.name));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
