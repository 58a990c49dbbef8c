import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { projectRoot, runChild, runJsonChild } from './bench-process.js';
import { generateHscConvertRepo } from './convert-tree.js';
import type { Benchmark } from './types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Datasets of the generated repository at scale 1 (`BENCH_CONVERT_DATASETS` overrides). */
const DATASETS = 1_000_000;
/** Raws daf_butler ingests at scale 1 (`BENCH_CONVERT_DAF_DATASETS` overrides). */
const DAF_DATASETS = 100_000;
/** daf_butler imports the formatter class at ingest; obs_subaru is not installed, so an importable stand-in (as the registry-insert bench). */
const DAF_FORMATTER = 'lsst.daf.butler.formatters.json.JsonFormatter';


function fixturesDir(): string {
  const dir = path.resolve(projectRoot(), process.env.GEN2TO3_FIXTURES ?? path.join('..', 'shared', 'fixtures'));
  if (!existsSync(path.join(dir, 'obs_subaru'))) throw new Error(`the conversion benchmark reads the HSC policy from ${dir}; set GEN2TO3_FIXTURES`);
  return dir;
}


interface PlanProfile {
  readonly walkMs: number;
  readonly walkedFiles: number;
  readonly planMs: number;
  readonly afterWalkRssMiB: number;
  readonly maxRssMiB: number;
  readonly totals: { files: number; convertedFiles: number; datasets: number; ignored: number; skipped: number; unrecognized: number };
  readonly byType: Record<string, number>;
  readonly skippedReasons: Record<string, number>;
}

interface DafResult {
  readonly seconds: number;
  readonly datasets: number;
  readonly setupSeconds: number;
  readonly maxrssKiB: number;
  readonly version: string;
}

/** Datasets in a converted repository's registry (counted in its SQLite file, not taken from our report). */
function countDatasets(repo: string): number {
  const db = new Database(path.join(repo, 'gen3.sqlite3'), { readonly: true });
  try {
    return Number((db.prepare('SELECT count(*) AS n FROM dataset').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * `gen2to3 convert` end to end (built CLI, child process, wall time and peak RSS from /usr/bin/time)
 * of a generated HSC-like Gen2 repository of 1,000,000 datasets — raws, bias/dark/flat with a
 * calibRegistry, per-CCD calexp/src and deepCoadd_calexp in a rerun — with `--transfer direct` and
 * `symlink`; the plan phase profiled alone in another child; and the real daf_butler
 * `Butler.ingest(transfer="direct")` of 100,000 of the same raws, with the rate ratio.
 */
export const convertBenchmark: Benchmark = {
  name: 'convert',
  description: `gen2to3 convert (built CLI, SQLite) of a generated HSC-like Gen2 repository (${DATASETS.toLocaleString('en-US')} datasets: raws, calibs with calibRegistry, per-CCD calexp/src and coadds in a rerun), --transfer direct and symlink, vs. daf_butler Butler.ingest(transfer="direct") of ${DAF_DATASETS.toLocaleString('en-US')} of the raws.`,
  async run(ctx) {
    const n = Math.round(Number(process.env.BENCH_CONVERT_DATASETS ?? DATASETS * ctx.scale));
    const dafN = Math.round(Number(process.env.BENCH_CONVERT_DAF_DATASETS ?? DAF_DATASETS * ctx.scale));
    const fixtures = fixturesDir();
    const root = path.join(ctx.tmpDir, 'gen2');
    const tree = generateHscConvertRepo(root, n);
    ctx.log(`generated ${tree.datasets.toLocaleString('en-US')} datasets (${tree.raws} raws, ${tree.processed} calexp+src, ${tree.calibs} calibs, ${tree.coadds} coadds) in ${(tree.ms / 1000).toFixed(1)} s`);

    const profDir = process.env.BENCH_CONVERT_CPU_PROF;
    const plan = await runJsonChild<PlanProfile>(ctx, process.execPath, [...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), path.join(HERE, 'convert-plan-worker.js'), root, tree.rerun, fixtures]);
    ctx.log(`plan phase: walk ${Math.round(plan.walkMs)} ms, plan ${Math.round(plan.planMs)} ms, ${plan.totals.datasets} datasets planned, peak RSS ${Math.round(plan.maxRssMiB)} MiB`);

    // BENCH_CONVERT_RERUN=0 converts the root and calibrations only (diagnosis knob: the rerun's visit datasets need define-visits first).
    const withRerun = process.env.BENCH_CONVERT_RERUN !== '0';
    const cli = path.join(projectRoot(), 'dist', 'src', 'cli', 'main.js');
    if (!existsSync(cli)) throw new Error(`no built CLI at ${cli}: run npm run build`);
    const convert = async (transfer: 'direct' | 'symlink') => {
      const repo = path.join(ctx.tmpDir, `gen3-${transfer}`);
      const extra = (process.env.BENCH_CONVERT_ARGS ?? '').split(' ').filter((a) => a !== '');
      const run = await runChild(ctx, process.execPath, [cli, 'convert', root, repo, '--transfer', transfer, ...(withRerun ? ['--reruns', tree.rerun] : []), '--policy-path', fixtures, ...extra]);
      const datasets = countDatasets(repo);
      ctx.log(`convert --transfer ${transfer}: ${datasets} datasets in ${run.seconds} s, peak RSS ${Math.round(run.maxRssKiB / 1024)} MiB`);
      return { ...run, datasets, rate: datasets / run.seconds };
    };
    const direct = await convert('direct');
    const symlink = await convert('symlink');

    const python = path.join(projectRoot(), '.venv', 'interop', 'bin', 'python');
    if (!existsSync(python)) throw new Error(`no interop venv (${python}); see test/README.md`);
    const daf = await runJsonChild<DafResult>(ctx, python, [path.join(projectRoot(), 'test', 'bench', 'daf_butler_convert_ingest.py'), path.join(ctx.tmpDir, 'daf'), root, String(dafN), DAF_FORMATTER]);
    const dafRate = daf.datasets / daf.seconds;
    ctx.log(`daf_butler ingest: ${daf.datasets} raws in ${daf.seconds.toFixed(1)} s (${Math.round(dafRate)}/s)`);

    const planRate = plan.totals.datasets / (plan.planMs / 1000);
    return {
      metrics: {
        datasets: tree.datasets,
        plannedDatasets: plan.totals.datasets,
        directDatasets: direct.datasets,
        directSeconds: round(direct.seconds, 1),
        directDatasetsPerSecond: Math.round(direct.rate),
        directPeakRssMiB: Math.round(direct.maxRssKiB / 1024),
        symlinkDatasets: symlink.datasets,
        symlinkSeconds: round(symlink.seconds, 1),
        symlinkDatasetsPerSecond: Math.round(symlink.rate),
        symlinkPeakRssMiB: Math.round(symlink.maxRssKiB / 1024),
        planWalkMs: Math.round(plan.walkMs),
        planMs: Math.round(plan.planMs),
        planDatasetsPerSecond: Math.round(planRate),
        planPeakRssMiB: Math.round(plan.maxRssMiB),
        ratioToDafButler: round(direct.rate / dafRate, 2),
      },
      peers: {
        daf_butler: { version: daf.version, datasets: daf.datasets, ms: Math.round(daf.seconds * 1000), datasetsPerSecond: Math.round(dafRate), setupMs: Math.round(daf.setupSeconds * 1000), maxRssMiB: Math.round(daf.maxrssKiB / 1024) },
      },
      targets: [
        { metric: 'directDatasetsPerSecond', op: '>=', value: 50_000 },
        { metric: 'directPeakRssMiB', op: '<=', value: 1536 },
        { metric: 'symlinkPeakRssMiB', op: '<=', value: 1536 },
        { metric: 'ratioToDafButler', op: '>=', value: 20 },
      ],
      notes: [
        `tree: ${tree.files} files, ${tree.visits} visits × 104 CCDs; ${tree.raws} raws, ${tree.processed} calexp+src, ${tree.calibs} calibs, ${tree.coadds} deepCoadd_calexp; generated in ${(tree.ms / 1000).toFixed(1)} s`,
        `ours: \`node dist/src/cli/main.js convert ROOT REPO --transfer T${withRerun ? ` --reruns ${tree.rerun}` : ''} ${process.env.BENCH_CONVERT_ARGS ?? ''}\` (plan + apply + define-visits) in a child; wall time and peak RSS from /usr/bin/time; datasets counted in the new gen3.sqlite3${withRerun ? '' : ' (BENCH_CONVERT_RERUN=0: root and calibrations only)'}`,
        `plan phase alone (child): bare walk of root+rerun ${Math.round(plan.walkMs)} ms for ${plan.walkedFiles} files, planConversion ${Math.round(plan.planMs)} ms; planned by type ${JSON.stringify(plan.byType)}`,
        `not converted: ${JSON.stringify(plan.skippedReasons)}`,
        `daf_butler: one Butler.ingest(transfer="direct") of the first ${daf.datasets} raws (records inserted before timing, not counted; formatter ${DAF_FORMATTER} because obs_subaru is not installed); ours includes planning, records, visits`,
      ],
    };
  },
};

