/**
 * The processing-parity comparison of a run: every comparison of the suite over the outputs of both
 * sides, config comparisons first (their unexplained differences explain the output differences of
 * the other comparisons of the same instrument, `docs/ci-parity.md` §5.4), results in suite order.
 */
import type { Logger } from '../../src/log/logger.js';
import type { Comparison, ConfigDiff } from '../../src/results/results-schema.js';
import type { ResolvedComparison } from '../suite/load-suite.js';
import { compareComparison } from './compare-comparison.js';
import type { SideOutputs } from './side-outputs.js';

/** Options of {@link compareOutputs}. */
export interface CompareOutputsOptions {
  comparisons: readonly ResolvedComparison[];
  gen2: SideOutputs & { mapperClass?: string };
  gen3: SideOutputs;
  bless?: boolean;
  jobs?: number;
  logger?: Logger;
  /** Runs one comparison (the compare stage passes a checkpointing runner). Default: direct. */
  run?: (c: ResolvedComparison, compute: () => Promise<Comparison>) => Promise<Comparison>;
}

/** The config comparisons that explain `c`: `explainedByConfigs`, else every config comparison of its instrument. */
export function explainingConfigIds(c: ResolvedComparison, all: readonly ResolvedComparison[]): string[] {
  if (c.comparator === 'config') return [];
  return c.explainedByConfigs ?? all.filter((x) => x.comparator === 'config' && x.instrument === c.instrument).map((x) => x.id);
}

/** Compares every comparison; never throws for a failing pair or comparison (recorded in the results). */
export async function compareOutputs(options: CompareOutputsOptions): Promise<Comparison[]> {
  const run = options.run ?? ((_c, compute) => compute());
  const done = new Map<string, Comparison>();
  const configs = options.comparisons.filter((c) => c.comparator === 'config');
  const common = { gen2: options.gen2, gen3: options.gen3, ...(options.bless ? { bless: true } : {}), ...(options.jobs ? { jobs: options.jobs } : {}), ...(options.logger ? { logger: options.logger } : {}) };
  for (const c of configs) done.set(c.id, await run(c, () => compareComparison(c, common)));
  for (const c of options.comparisons) {
    if (done.has(c.id)) continue;
    const explaining: ConfigDiff[] = explainingConfigIds(c, options.comparisons).flatMap((id) => done.get(id)?.configDiffs ?? []);
    done.set(c.id, await run(c, () => compareComparison(c, { ...common, explainingConfigs: explaining })));
  }
  return options.comparisons.map((c) => done.get(c.id)!);
}
