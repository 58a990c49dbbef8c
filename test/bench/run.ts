/**
 * Benchmark runner: `npm run bench` or `node dist/test/bench/run.js [name...] [--list]`.
 * Runs the registered benchmarks (all, or those named), writes `reports/bench/results.json` and
 * `reports/bench/results.md`, prints the summary table, and refreshes the section between
 * `<!-- bench:start -->` and `<!-- bench:end -->` in README.md when present.
 * Exit code: 0 all targets met, 1 a target missed or a benchmark failed, 2 bad usage.
 * `BENCH_SCALE` (default 1) scales the inputs.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './machine-info.js';
import { markdownReport, summaryTable } from './markdown-report.js';
import { replaceReadmeSection } from './readme-section.js';
import type { BenchReport, BenchRun, Benchmark, BenchResult, EvaluatedTarget } from './types.js';
import { walkBenchmark } from './walk.bench.js';

/** Every benchmark, in run order. Add new ones here. */
const BENCHMARKS: readonly Benchmark[] = [walkBenchmark];

function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (package.json)');
    dir = parent;
  }
  return dir;
}

function evaluate(result: BenchResult): EvaluatedTarget[] {
  return result.targets.map((target) => {
    const actual = result.metrics[target.metric];
    const pass = actual !== undefined && (target.op === '>=' ? actual >= target.value : actual <= target.value);
    return { ...target, actual, pass };
  });
}

async function runOne(benchmark: Benchmark, scale: number): Promise<BenchRun> {
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), `gen2to3-bench-${benchmark.name}-`));
  const log = (message: string): void => void process.stderr.write(`[${benchmark.name}] ${message}\n`);
  const started = performance.now();
  try {
    const result = await benchmark.run({ tmpDir, scale, log });
    const targets = evaluate(result);
    return {
      name: benchmark.name,
      description: benchmark.description,
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
  const runs: BenchRun[] = [];
  for (const benchmark of selected) runs.push(await runOne(benchmark, scale));

  const report: BenchReport = { formatVersion: 1, createdAt: new Date().toISOString(), machine: machineInfo(), runs };
  const root = projectRoot();
  const outDir = path.join(root, 'reports', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'results.md'), markdownReport(report));
  const summary = summaryTable(report);
  process.stdout.write(`${summary}\n\nwrote ${path.relative(root, path.join(outDir, 'results.json'))} and results.md\n`);
  if (replaceReadmeSection(path.join(root, 'README.md'), summary)) process.stdout.write('updated the benchmark section of README.md\n');
  return runs.every((r) => r.pass) ? 0 : 1;
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
