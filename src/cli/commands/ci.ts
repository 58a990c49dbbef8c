import path from 'node:path';
import type { Command } from 'commander';
import { runSuite } from '../../../ci_gen3/run-suite.js';
import { isStageName, type StageName } from '../../../ci_gen3/stages/stage-name.js';
import { ExitCode, UsageError } from '../../errors.js';
import { renderResults } from '../../report/results-renderers.js';
import { STAGES } from '../../results/results-schema.js';
import { summarizeResults } from '../../results/summarize-results.js';
import { gitCommit } from '../git-commit.js';
import { policySearchPath } from '../policy-path.js';
import type { CommandRegistrar } from './index.js';

interface CiRunOptions {
  out?: string;
  stage?: string;
  from?: string;
  jobs: string;
  serial?: boolean;
  bless?: boolean;
  history?: string;
  json?: boolean;
}

function stageOption(name: string, value: string | undefined): StageName | undefined {
  if (value === undefined) return undefined;
  if (!isStageName(value)) throw new UsageError(`${name}: unknown stage ${value} (stages: ${STAGES.join(', ')})`);
  return value;
}

/** `gen2to3 ci run SUITE`. */
export const registerCi: CommandRegistrar = (program: Command, context, setExit) => {
  const ci = program.command('ci').description('the Gen2/Gen3 parity harness');
  ci.command('run')
    .description('run a parity suite: prepare → convert → conversion-parity → run-gen2 → run-gen3 → compare → report')
    .argument('<suite>', 'suite YAML (ci_gen3/suites/*.yaml)')
    .option('--out <dir>', 'run directory: repositories, stamps, results.json and reports (default reports/ci/<suite name>)')
    .option('--stage <stage>', 'run only this stage')
    .option('--from <stage>', 'run this stage and the later ones')
    .option('-j, --jobs <n>', 'units of work in flight per step', '1')
    .option('--serial', 'run the stages one after another (by default run-gen2 runs beside convert, conversion-parity and run-gen3); in-process step timings then cover one side only')
    .option('--bless', 'rewrite the golden summaries of the comparisons (review the report first)')
    .option('--history <file>', 'append one line to this history file (e.g. reports/history.jsonl)')
    .option('--json', 'print results.json instead of the Markdown summary')
    .action(async (suitePath: string, opts: CiRunOptions) => {
      const ctx = context();
      if (opts.stage !== undefined && opts.from !== undefined) throw new UsageError('give --stage or --from, not both');
      if (!/^\d+$/.test(opts.jobs) || Number(opts.jobs) < 1) throw new UsageError(`--jobs must be a positive integer, got ${JSON.stringify(opts.jobs)}`);
      const stage = stageOption('--stage', opts.stage);
      const from = stageOption('--from', opts.from);
      const base = path.basename(suitePath).replace(/\.ya?ml$/, '');
      const commit = gitCommit(path.dirname(path.resolve(suitePath)));
      const result = await runSuite({
        suitePath,
        outDir: opts.out ?? path.join('reports', 'ci', base),
        ...(stage ? { stage } : {}),
        ...(from ? { from } : {}),
        jobs: Number(opts.jobs),
        serial: Boolean(opts.serial),
        bless: Boolean(opts.bless),
        ...(opts.history ? { historyFile: opts.history } : {}),
        policyPath: policySearchPath(undefined),
        ...(commit ? { commit } : {}),
        logger: ctx.logger,
        progress: ctx.progress,
      });
      if (opts.json) ctx.out(renderResults(result.results, 'json'));
      else {
        const s = summarizeResults(result.results);
        const totals = Object.entries(s.totals).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o}`).join(', ') || 'nothing compared';
        const lines = [`suite ${result.suite.name}: ${result.exitCode === 0 ? 'PASS' : 'FAIL'} (${totals})`];
        for (const st of result.results.stages) lines.push(`  stage ${st.stage}: ${st.status}${st.error ? ` — ${st.error}` : ''}`);
        for (const p of result.problems) lines.push(`  problem: ${p}`);
        for (const w of result.written) lines.push(`  wrote ${w}`);
        ctx.out(lines.join('\n'));
      }
      setExit(result.exitCode === 0 ? ExitCode.ok : ExitCode.differences);
    });
};
