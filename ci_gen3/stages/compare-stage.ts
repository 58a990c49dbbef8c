/**
 * The `compare` stage: lists the outputs of both sides (the Gen2 output rerun by the mapper
 * templates; the Gen3 output RUN by registry query + datastore paths) and runs every processing
 * comparison of the suite over them ({@link compareOutputs}), one checkpointed unit per comparison.
 * Saved as `compare/comparisons.json`. `--bless` rewrites the golden summaries.
 */
import type { Comparison } from '../../src/results/results-schema.js';
import { compareOutputs } from '../compare/compare-outputs.js';
import { listGen2Outputs } from '../compare/gen2-outputs.js';
import { listGen3Outputs } from '../compare/gen3-outputs.js';
import type { ResolvedComparison } from '../suite/load-suite.js';
import { readConverted, readPrepared } from './convert-stage.js';
import { StageInputMissingError } from './harness-errors.js';
import type { StageDefinition } from './stage-definition.js';
import { suiteStageInputs } from './suite-stage-inputs.js';
import { gen3OutputCollections, runPaths, writeJsonFile, type SuiteRunContext } from './suite-run-context.js';

function failedComparison(c: ResolvedComparison, error: string): Comparison {
  return { id: c.id, instrument: c.instrument, datasetType: c.datasetType, ...(c.gen2DatasetType ? { gen2DatasetType: c.gen2DatasetType } : {}), kind: c.kind, comparator: c.comparator, pairs: [], configDiffs: [], evidenceFor: [...c.evidenceFor], error };
}

/** Builds the stage. */
export function compareStage(ctx: SuiteRunContext): StageDefinition {
  const comparisons = ctx.suite.comparisons.filter((c) => c.kind === 'processing');
  return {
    inputs: suiteStageInputs(ctx.suite, 'compare', { bless: ctx.bless }),
    run: async (stage) => {
      const prepared = await readPrepared(ctx.runDir);
      const input = prepared.inputs[0];
      const converted = (await readConverted(ctx.runDir)).find((c) => c.index === 0);
      if (!input || converted?.status !== 'converted' || !converted.gen3Instrument) throw new StageInputMissingError('the first input was not prepared and converted');
      const mine = comparisons.filter((c) => c.instrument === input.instrument);
      const others = comparisons.filter((c) => c.instrument !== input.instrument).map((c) => failedComparison(c, `no processing run for instrument ${c.instrument} (the steps run on the first input, ${input.instrument})`));
      const gen2 = await listGen2Outputs({ root: runPaths.gen2Output(ctx.runDir), datasetTypes: mine.map((c) => c.gen2DatasetType ?? c.datasetType), policyPath: ctx.policyPath, logger: stage.logger });
      const cols = gen3OutputCollections(converted.gen3Instrument, ctx.suite.name);
      const gen3 = await listGen3Outputs({ repo: runPaths.gen3Repo(ctx.runDir), collections: [cols.run], datasetTypes: mine.map((c) => c.datasetType), logger: stage.logger });
      const results = await compareOutputs({
        comparisons: mine,
        gen2,
        gen3,
        bless: ctx.bless,
        jobs: ctx.jobs,
        logger: stage.logger,
        run: async (c, compute) => {
          const [outcome] = await stage.runUnits([{ key: c.id, run: compute }]);
          return outcome && outcome.status !== 'failed' ? outcome.data : failedComparison(c, outcome?.status === 'failed' ? outcome.error : 'not run');
        },
      });
      const all = [...results, ...others];
      await writeJsonFile(runPaths.compare(ctx.runDir), all);
      const broken = all.filter((c) => c.error !== undefined);
      stage.logger.info('compared', { comparisons: all.length, failed: broken.length });
      return { status: 'completed' };
    },
  };
}
