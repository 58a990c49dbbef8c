/**
 * The `prepare` stage: materialises the inputs — the demo Gen2 repository generated with the
 * suite's knobs, or the suite's Gen2 repositories, each opened and validated (mapper, calib root)
 * — and writes `prepared.json` for the later stages.
 */
import path from 'node:path';
import { CONVERTERS } from '../../converters/index.js';
import { findInstrumentBinding } from '../../src/convert/instrument-binding.js';
import { Gen2Butler } from '../../src/gen2/butler/gen2-butler.js';
import { generateDemoGen2Repo } from '../demo/generate-gen2-repo.js';
import { SuiteInputError } from './harness-errors.js';
import type { StageDefinition } from './stage-definition.js';
import { suiteStageInputs } from './suite-stage-inputs.js';
import { runPaths, writeJsonFile, type PreparedInput, type PreparedInputs, type SuiteRunContext } from './suite-run-context.js';

async function validate(ctx: SuiteRunContext, input: Omit<PreparedInput, 'mapperClass' | 'instrument'> & { instrument?: string }, label: string): Promise<PreparedInput> {
  let butler: Gen2Butler;
  try {
    butler = await Gen2Butler.open(input.root, { policyPath: ctx.policyPath, ...(input.calibs ? { calibRoot: input.calibs } : {}), logger: ctx.logger });
  } catch (err) {
    throw new SuiteInputError(`${label}: ${input.root} is not a usable Gen2 repository: ${(err as Error).message}`, { cause: err });
  }
  try {
    const mapperClass = butler.mapper.className;
    const instrument = input.instrument ?? findInstrumentBinding(CONVERTERS, mapperClass)?.instrument ?? ctx.suite.metadata.instruments[0]!;
    return { ...input, instrument, mapperClass };
  } finally {
    butler.close();
  }
}

/**
 * Opens every `inputs.gen2` repository of the suite (before any stage runs, so that a bad input is a
 * usage error, exit 2, not a failed run).
 * @throws SuiteInputError naming the input and what is wrong.
 */
export async function checkGen2Inputs(ctx: SuiteRunContext): Promise<void> {
  for (const [i, g] of ctx.suite.inputs.gen2.entries()) {
    await validate(ctx, { root: path.resolve(g.root), ...(g.calibs ? { calibs: path.resolve(g.calibs) } : {}), reruns: [...g.reruns] }, `inputs.gen2[${i}]`);
  }
}

/** Builds the stage. */
export function prepareStage(ctx: SuiteRunContext): StageDefinition {
  return {
    inputs: suiteStageInputs(ctx.suite, 'prepare'),
    run: async (stage) => {
      const out: PreparedInputs = { formatVersion: 1, inputs: [] };
      const demo = ctx.suite.inputs.demo;
      if (demo) {
        const root = runPaths.demoRoot(ctx.runDir);
        const summary = await generateDemoGen2Repo({ outDir: root, ...demo, overwrite: true, logger: stage.logger, progress: ctx.progress });
        out.demo = { root: summary.root, raws: summary.raws.length, seed: summary.seed };
        out.inputs.push(await validate(ctx, { root: summary.root, calibs: summary.calibRoot, reruns: [], instrument: ctx.suite.metadata.instruments[0]! }, 'inputs.demo'));
      }
      for (const [i, g] of ctx.suite.inputs.gen2.entries()) {
        out.inputs.push(await validate(ctx, { root: path.resolve(g.root), ...(g.calibs ? { calibs: path.resolve(g.calibs) } : {}), reruns: [...g.reruns], ...(g.instrument ? { instrument: g.instrument } : {}) }, `inputs.gen2[${i}]`));
      }
      await writeJsonFile(runPaths.prepared(ctx.runDir), out);
      stage.logger.info('inputs-prepared', { inputs: out.inputs.map((i) => i.root) });
      return { status: 'completed' };
    },
  };
}
