/**
 * `gen2to3 ci run`: loads a suite and runs its stages `prepare → convert → conversion-parity →
 * run-gen2 → run-gen3 → compare → report` in a run directory (stamps, unit logs and resume from
 * the stage runner), then assembles `results.json` (comparisons of both parity levels, per-step usage
 * of both sides, stage outcomes, failed units) and, when the report stage runs, writes it with its
 * Markdown/HTML/JUnit renderings and appends a line to the history file.
 */
import path from 'node:path';
import { resolvePolicySearchPath } from '../src/gen2/policy/index.js';
import { silentLogger, type Logger } from '../src/log/logger.js';
import { noProgress, type Progress } from '../src/log/progress.js';
import { summarizeResults } from '../src/results/summarize-results.js';
import type { Comparison, Failure, ParityResults, StageResult } from '../src/results/results-schema.js';
import { demoPolicyDir } from './demo/demo-instrument.js';
import { compareStage } from './stages/compare-stage.js';
import { conversionParityStage } from './stages/conversion-parity-stage.js';
import { convertStage } from './stages/convert-stage.js';
import { checkGen2Inputs, prepareStage } from './stages/prepare-stage.js';
import { buildRunResults, writeRunResults } from './stages/run-results.js';
import { runSideStage } from './stages/run-side-stage.js';
import { runStages } from './stages/run-stages.js';
import { readSideStepsReport } from './stages/side-steps-stage.js';
import type { StageDefinition } from './stages/stage-definition.js';
import { ALL_STAGES, type StageName } from './stages/stage-name.js';
import { readStamp } from './stages/stamp.js';
import { readJsonFile, runPaths, type SuiteRunContext } from './stages/suite-run-context.js';
import { stepResults } from './steps/step-results.js';
import { loadSuite, type Suite } from './suite/load-suite.js';

/** Options of {@link runSuite}. */
export interface RunSuiteOptions {
  suitePath: string;
  /** Run directory: stamps, unit logs, repositories, `results.json` and reports. */
  outDir: string;
  /** `--stage S`: run only S (the results are still assembled for the exit code). */
  stage?: StageName;
  /** `--from S`: run S and the later stages. */
  from?: StageName;
  /** Units in flight per step (`-j`). Default is `1`. */
  jobs?: number;
  /**
   * Run the stages one after another (`--serial`). By default a stage starts as soon as the stages
   * it depends on have finished: `run-gen2` runs beside `convert`, `conversion-parity` and `run-gen3`,
   * interleaved on one thread (each side works while the other waits for its files). While both
   * sides run, an in-process unit's CPU and wall time include the other side's work.
   */
  serial?: boolean;
  /** Rewrite golden summaries (`--bless`). */
  bless?: boolean;
  /** History file a line is appended to by the report stage (e.g. `reports/history.jsonl`). */
  historyFile?: string;
  /** Mapper policy search path; default `GEN2TO3_POLICY_PATH` then the demo policy. */
  policyPath?: readonly string[];
  /** Base of the suite's relative paths. Default is `process.cwd()`. */
  projectRoot?: string;
  logger?: Logger;
  progress?: Progress;
  /** Commit of the code that runs (recorded in results.json and the history line). */
  commit?: string;
  /** Clock (tests). */
  now?: () => Date;
}

/** What a suite run produced. */
export interface RunSuiteResult {
  suite: Suite;
  results: ParityResults;
  /** Files written by the report stage (empty when it did not run). */
  written: string[];
  /** 0 when nothing is unexplained and nothing failed, else 1. */
  exitCode: 0 | 1;
  /** One line per problem, for the CLI. */
  problems: string[];
}

function failuresOf(stages: readonly StageResult[], sides: Awaited<ReturnType<typeof readSideStepsReport>>[]): Failure[] {
  const out: Failure[] = [];
  for (const side of sides) {
    for (const step of side?.steps ?? []) {
      for (const u of step.units) {
        if (u.status !== 'failed' && u.status !== 'not-attempted') continue;
        out.push({ stage: side!.side === 'gen2' ? 'run-gen2' : 'run-gen3', side: side!.side, step: step.step, unit: u.key, ...(u.dataId ? { dataId: u.dataId } : {}), error: u.error ?? u.status });
      }
    }
  }
  for (const s of stages) {
    if (s.status === 'failed' && !((s.stage === 'run-gen2' || s.stage === 'run-gen3') && out.some((f) => f.stage === s.stage))) out.push({ stage: s.stage, error: s.error ?? 'failed' });
    if (s.status === 'skipped' && s.error !== undefined) out.push({ stage: s.stage, error: s.error });
  }
  return out;
}

async function stageResultsFromStamps(runDir: string, stages: readonly StageName[], ran: readonly StageResult[]): Promise<StageResult[]> {
  const out: StageResult[] = [];
  for (const stage of stages) {
    if (stage === 'report') continue;
    const now = ran.find((r) => r.stage === stage);
    // A stage skipped as up to date reports its stamp (so a resumed run reads like an uninterrupted one).
    if (now && !(now.status === 'skipped' && now.error === undefined)) {
      out.push(now);
      continue;
    }
    const stamp = await readStamp(runDir, stage);
    if (stamp) out.push({ stage, status: stamp.outcome.status === 'completed' ? 'completed' : 'failed', durationMs: stamp.durationMs, ...(stamp.outcome.error !== undefined ? { error: stamp.outcome.error } : {}) });
  }
  return out;
}

/**
 * Runs a suite.
 * @throws SuiteError (bad suite, exit 2), SuiteInputError (a Gen2 input that is not a usable
 *   repository, exit 2), StageSelectionError (bad --stage/--from, exit 2).
 */
export async function runSuite(options: RunSuiteOptions): Promise<RunSuiteResult> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const suite = await loadSuite(options.suitePath, { ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}) });
  const runDir = path.resolve(options.outDir);
  const ctx: SuiteRunContext = {
    suite,
    runDir,
    policyPath: [...new Set([...suite.policyPath, ...(options.policyPath ?? [...resolvePolicySearchPath([]), demoPolicyDir()])])],
    jobs: Math.max(1, options.jobs ?? 1),
    bless: options.bless === true,
    logger,
    progress: options.progress ?? noProgress,
  };
  if (options.stage === undefined || options.stage === 'prepare') await checkGen2Inputs(ctx);
  const definitions: Record<Exclude<StageName, 'report'>, StageDefinition> = {
    prepare: prepareStage(ctx),
    convert: convertStage(ctx),
    'conversion-parity': conversionParityStage(ctx),
    'run-gen2': runSideStage(ctx, 'gen2'),
    'run-gen3': runSideStage(ctx, 'gen3'),
    compare: compareStage(ctx),
  };
  const enabled = suite.stages.filter((s): s is Exclude<StageName, 'report'> => s !== 'report');
  const runsReport = suite.stages.includes('report') && (options.stage === undefined || options.stage === 'report') && (options.from === undefined || suite.stages.includes(options.from));
  let ran: StageResult[] = [];
  if (options.stage !== 'report' && options.from !== 'report') {
    const { stage, from } = options;
    const report = await runStages({ runDir, stages: definitions, enabled, ...(stage ? { stage } : {}), ...(from ? { from } : {}), concurrent: options.serial !== true, logger, now });
    ran = report.stages;
  } else if (!suite.stages.includes('report')) {
    await runStages({ runDir, stages: definitions, enabled, stage: 'report', logger, now }); // throws the selection error
  }

  const assemble = async (): Promise<ParityResults> => {
    const stages = await stageResultsFromStamps(runDir, ALL_STAGES.filter((s) => suite.stages.includes(s)), ran);
    const gen2 = await readSideStepsReport(runDir, 'gen2');
    const gen3 = await readSideStepsReport(runDir, 'gen3');
    const conversion = (await readJsonFile<Comparison[]>(runPaths.conversionParity(runDir))) ?? [];
    const processing = (await readJsonFile<Comparison[]>(runPaths.compare(runDir))) ?? [];
    const results = buildRunResults({ suite, startedAt, finishedAt: now().toISOString(), stages, steps: stepResults(gen2, gen3), comparisons: [...conversion, ...processing], ...(options.commit ? { commit: options.commit } : {}) });
    return { ...results, failures: failuresOf(stages, [gen2, gen3]) };
  };

  // Assembled once: by the report stage when it runs, else here.
  let results: ParityResults | undefined;
  let written: string[] = [];
  if (runsReport) {
    const reportStage: StageDefinition = {
      run: async () => {
        results = await assemble();
        written = await writeRunResults(results, { reportsDir: runDir, formats: ['md', 'html', 'junit'], ...(options.historyFile ? { historyFile: options.historyFile } : {}) });
        return { status: 'completed' };
      },
    };
    const r = await runStages({ runDir, stages: { report: reportStage }, enabled: ['report'], stage: 'report', force: true, logger, now });
    const failed = r.stages.find((s) => s.status === 'failed');
    if (failed) {
      const assembled = results ?? (await assemble());
      results = { ...assembled, failures: [...assembled.failures, { stage: 'report', error: failed.error ?? 'failed' }] };
    }
  }
  results ??= await assemble();

  const summary = summarizeResults(results);
  const problems: string[] = [];
  for (const c of summary.comparisons) {
    if (c.verdict !== 'fail') continue;
    const parts = (['different', 'only-gen2', 'only-gen3', 'failed'] as const).filter((o) => c.counts[o] > 0).map((o) => `${c.counts[o]} ${o}`);
    problems.push(`${c.comparison.id}: ${parts.join(', ')}${c.comparison.error ? ` (${c.comparison.error})` : ''}`);
  }
  for (const f of results.failures) problems.push(`${f.stage}${f.side ? ` ${f.side}` : ''}${f.unit ? ` ${f.unit}` : ''}: ${f.error}`);
  return { suite, results, written, exitCode: problems.length ? 1 : 0, problems };
}
