import path from 'node:path';
import { Option, type Command } from 'commander';
import { CONVERTERS } from '../../../converters/index.js';
import { readConversionConfigFile, renderConversionSummary, writeConversionReport } from '../../convert/apply/index.js';
import { convertRepository } from '../../convert/convert-repository.js';
import { renderPlanText } from '../../convert/plan/index.js';
import { verifyConversion, type VerifyReport } from '../../convert/verify/index.js';
import { ExitCode, FileAccessError, UsageError } from '../../errors.js';
import { TRANSFER_MODES, type TransferMode } from '../../gen3/datastore/index.js';
import { writePrettyJson } from '../../report/pretty-json.js';
import { renderVerifyText } from '../../report/verify-text.js';
import { collect, policySearchPath } from '../policy-path.js';
import type { CommandRegistrar } from './index.js';

interface ConvertCliOptions {
  calibs?: string[];
  reruns?: string[];
  config?: string;
  policyPath?: string[];
  transfer: TransferMode;
  db?: string;
  dryRun?: boolean;
  verify?: boolean;
  jobs: string;
  report?: string;
  json?: boolean;
  batchSize: string;
  defineVisits: boolean;
  convertGen2Defects?: boolean;
}

/** Test hook: milliseconds to pause at each stage of each written batch (so a test can kill the process mid-conversion). */
const PAUSE_ENV = 'GEN2TO3_TEST_BATCH_PAUSE_MS';

function positiveInt(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** `gen2to3 convert GEN2ROOT GEN3REPO`. */
export const registerConvert: CommandRegistrar = (program: Command, context, setExit) => {
  program
    .command('convert')
    .description('convert a Gen2 repository (root, calibrations, reruns) into a Gen3 repository, created when missing; resumable and incremental')
    .argument('<gen2root>', 'Gen2 root repository')
    .argument('<gen3repo>', 'Gen3 repository directory (created when it has no butler.yaml, added to otherwise)')
    .option('--calibs <dir>', 'calibration root (default: the root\'s, e.g. ROOT/CALIB); at most one', collect)
    .option('--reruns <path>', 'rerun to convert, relative to the root (repeatable): rerun/x → <INSTR>/runs/x, rerun/private/u/x → u/u/x (explicit names and parents: config reruns)', collect)
    .option('--config <file>', 'YAML/JSON conversion config (ConvertRepoConfig fields: runs, runsForced, datasetIgnorePatterns, refCats, ccdKey, skyMaps {name: {tractMax, patchNx, patchNy}}, reruns [{path, chainName, parents}], …)')
    .option('--policy-path <dirs>', 'directories searched for mapper policies (repeatable, ":"-separated; also GEN2TO3_POLICY_PATH)', collect)
    .addOption(new Option('--transfer <mode>', 'how files get into the datastore').choices([...TRANSFER_MODES]).default('auto'))
    .option('--db <url>', 'postgresql://… registry for a new repository (default SQLite gen3.sqlite3 in the repository)')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--verify', 'after converting, read every dataset through the Gen2 butler and the Gen3 repository and compare; check calibration lookups (exit 1 on a mismatch)')
    .option('-j, --jobs <n>', 'parallel file comparisons of --verify', '4')
    .option('--report <file>', 'write the JSON conversion report (every Gen2 file accounted for) to <file>')
    .option('--json', 'print the JSON report (or, with --dry-run, the JSON plan) instead of the summary')
    .option('--batch-size <n>', 'datasets per transaction', '10000')
    .option('--no-define-visits', 'do not define one-to-one visits after the raws')
    .option('--convert-gen2-defects', 'convert Gen2 defects found in the calibration repository (default: skipped as curated)')
    .action(async (gen2Root: string, gen3Repo: string, opts: ConvertCliOptions) => {
      const ctx = context();
      const policyPath = policySearchPath(opts.policyPath);
      const jobs = positiveInt('-j', opts.jobs);
      const pause = Number(process.env[PAUSE_ENV] ?? '0');
      const result = await convertRepository({
        gen2Root,
        gen3Repo,
        converters: CONVERTERS,
        policyPath,
        ...(opts.calibs ? { calibRoots: opts.calibs } : {}),
        ...(opts.reruns ? { reruns: opts.reruns } : {}),
        ...(opts.config ? { config: readConversionConfigFile(opts.config) } : {}),
        ...(opts.db ? { db: opts.db } : {}),
        transfer: opts.transfer,
        batchSize: positiveInt('--batch-size', opts.batchSize),
        defineVisits: opts.defineVisits,
        ...(opts.convertGen2Defects ? { convertGen2Defects: true } : {}),
        ...(opts.dryRun ? { dryRun: true } : {}),
        ...(opts.verify ? { verify: (plan, repo) => verifyConversion(plan, repo, { policyPath, jobs, logger: ctx.logger, progress: ctx.progress }) } : {}),
        ...(pause > 0 ? { onBatch: () => new Promise<void>((resolve) => setTimeout(resolve, pause)) } : {}),
        logger: ctx.logger,
        progress: ctx.progress,
      });
      if (!result.report) {
        if (opts.json) writePrettyJson(result.plan, ctx.write);
        else ctx.out(renderPlanText(result.plan));
        return;
      }
      const report = result.report;
      if (opts.report) {
        try {
          writeConversionReport(path.resolve(opts.report), report);
        } catch (e) {
          throw new FileAccessError(opts.report, `cannot write the conversion report: ${(e as Error).message}`, { cause: e });
        }
      }
      const verify = report.verify as VerifyReport | undefined;
      // Streamed: a million-dataset report is ~440 MB of JSON, too much to build as one string.
      if (opts.json) writePrettyJson(report, ctx.write);
      else ctx.out(renderConversionSummary(report) + (verify ? `\n${renderVerifyText(verify)}` : ''));
      if (verify && !verify.ok) setExit(ExitCode.differences);
    });
};
