import path from 'node:path';
import { Option, type Command } from 'commander';
import { generateDemoGen2Repo, type DemoGen2Options } from '../../../ci_gen3/demo/generate-gen2-repo.js';
import { renderDemoSummary } from '../../../ci_gen3/demo/render-demo-summary.js';
import { harnessProjectRoot } from '../../../ci_gen3/demo/demo-instrument.js';
import { runDemo } from '../../../ci_gen3/demo/run-demo.js';
import { ExitCode, UsageError } from '../../errors.js';
import { gitCommit } from '../git-commit.js';
import { policySearchPath } from '../policy-path.js';
import type { CommandRegistrar } from './index.js';

interface KnobOptions {
  seed: string;
  visits: string;
  detectors: string;
  width: string;
  height: string;
  visitsPerNight: string;
  startDate: string;
  calibValidity: string;
}

function int(name: string, text: string): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`${name} must be an integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

function addKnobs(cmd: Command): Command {
  return cmd
    .addOption(new Option('--seed <n>', 'random seed: the same seed gives the same bytes').default('1'))
    .addOption(new Option('--visits <n>', 'number of visits').default('6'))
    .addOption(new Option('--detectors <n>', 'detectors per visit (1-8)').default('4'))
    .addOption(new Option('--width <px>', 'detector width in pixels').default('128'))
    .addOption(new Option('--height <px>', 'detector height in pixels').default('128'))
    .addOption(new Option('--visits-per-night <n>', 'visits per night').default('2'))
    .addOption(new Option('--start-date <date>', 'first night (YYYY-MM-DD)').default('2020-03-01'))
    .addOption(new Option('--calib-validity <days>', 'ingestCalibs.py --validity for bias and flat').default('2'));
}

function knobs(o: KnobOptions): Omit<DemoGen2Options, 'outDir'> {
  return {
    seed: int('--seed', o.seed),
    visits: int('--visits', o.visits),
    detectors: int('--detectors', o.detectors),
    width: int('--width', o.width),
    height: int('--height', o.height),
    visitsPerNight: int('--visits-per-night', o.visitsPerNight),
    startDate: o.startDate,
    calibValidityDays: int('--calib-validity', o.calibValidity),
  };
}

/** `gen2to3 demo` (the main job on the embedded default: the demo parity suite) and `gen2to3 generate-demo OUT`. */
export const registerDemo: CommandRegistrar = (program, context, setExit) => {
  addKnobs(
    program
      .command('generate-demo')
      .description('write a deterministic Gen2 repository of the demo instrument (raws, CALIB with validity ranges, a rerun)')
      .argument('<out>', 'directory to create')
      .option('--overwrite', 'replace <out> if it exists'),
  ).action(async (out: string, opts: KnobOptions & { overwrite?: boolean }) => {
    const ctx = context();
    const summary = await generateDemoGen2Repo({ outDir: out, ...knobs(opts), overwrite: Boolean(opts.overwrite), logger: ctx.logger, progress: ctx.progress });
    ctx.out(`wrote ${summary.root}: ${summary.raws.length} raws, ${summary.calibrations.bias} bias, ${summary.calibrations.flat} flat, ${summary.calibrations.defects} defects, rerun ${path.relative(summary.root, summary.rerun)} (${summary.files} files)`);
  });

  program
    .command('demo')
    .description('the main job on the embedded default: the demo parity suite end to end (generate a Gen2 repository of the demo instrument, convert it, run the reference pipeline through both butlers, compare, report) and the milestones dashboard')
    .option('--out <dir>', 'where the demo writes (replaced on every run)', path.join('reports', 'demo'))
    .option('-j, --jobs <n>', 'units of work in flight per step', '2')
    .action(async (opts: { out: string; jobs: string }) => {
      const ctx = context();
      const jobs = int('--jobs', opts.jobs);
      if (jobs < 1) throw new UsageError(`--jobs must be a positive integer, got ${JSON.stringify(opts.jobs)}`);
      const commit = gitCommit(harnessProjectRoot());
      const result = await runDemo({ outDir: opts.out, jobs, policyPath: policySearchPath(undefined), ...(commit ? { commit } : {}), logger: ctx.logger, progress: ctx.progress });
      ctx.out(renderDemoSummary(result));
      setExit(result.suite.exitCode === 0 ? ExitCode.ok : ExitCode.differences);
    });
};
