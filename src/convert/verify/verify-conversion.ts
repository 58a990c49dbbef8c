import { resolvePolicySearchPath } from '../../gen2/policy/index.js';
import { Registry } from '../../gen3/registry/index.js';
import type { Repository } from '../../gen3/repo/index.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import { noProgress, type Progress } from '../../log/progress.js';
import type { ConversionPlan } from '../plan/plan-model.js';
import { Gen2Views } from './gen2-views.js';
import { loadGen3Files } from './gen3-files.js';
import { verifyCalibrations } from './verify-calibrations.js';
import { verifyDatasets } from './verify-datasets.js';
import type { VerifyReport } from './verify-report.js';

/** Options of {@link verifyConversion}. */
export interface VerifyOptions {
  logger?: Logger;
  progress?: Progress;
  /** File comparisons in flight (default 4). */
  jobs?: number;
  /** Mapper policy search path for the Gen2 Butler (default: `GEN2TO3_POLICY_PATH`); pass what the plan was made with. */
  policyPath?: readonly string[];
}

/**
 * `--verify`: reads every dataset of the plan through the Gen2 Butler and through the Gen3
 * repository and checks both find the same file (inode) or identical bytes, with the same HDU;
 * then checks that, for every converted raw, each Gen2 calibration lookup and Gen3's timespan
 * lookup in the CALIBRATION collection find the same calibration file. Reads only.
 * @returns the counts and every mismatch, as data (render with `renderVerifyText`).
 * @throws Gen2RepositoryError, PolicyError when the Gen2 repository of the plan cannot be opened.
 * @example
 * ```ts
 * const report = await verifyConversion(plan, await openRepository('GEN3'), { policyPath: ['/opt/lsst'] });
 * if (!report.ok) process.stdout.write(renderVerifyText(report));
 * ```
 */
export async function verifyConversion(plan: ConversionPlan, repo: Repository, options: VerifyOptions = {}): Promise<VerifyReport> {
  const logger = (options.logger ?? silentLogger).child('convert:verify');
  const progress = options.progress ?? noProgress;
  const registry = Registry.of(repo);
  const files = await loadGen3Files(repo);
  const gen2 = await Gen2Views.open(plan, options.policyPath ?? resolvePolicySearchPath(), logger);
  try {
    const bar = progress.start('verifying datasets', plan.datasets.length);
    const datasets = await verifyDatasets(plan, registry, files, gen2, options.jobs ?? 4, bar);
    bar.done();
    const calibrations = await verifyCalibrations(plan, registry, files, gen2, (n) => progress.start('verifying calibration lookups', n));
    const mismatches = [...datasets.mismatches, ...calibrations.mismatches];
    logger.info('verify-finished', { datasets: datasets.counts.checked, lookups: calibrations.counts.lookups, mismatches: mismatches.length });
    return { instrument: plan.instrument, datasets: datasets.counts, calibrations: calibrations.counts, mismatches, ok: mismatches.length === 0 };
  } finally {
    gen2.close();
  }
}
