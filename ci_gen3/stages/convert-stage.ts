/**
 * The `convert` stage: converts each prepared Gen2 input into the run's Gen3 repository with
 * `convertRepository` (the same engine as `gen2to3 convert`), one checkpointed unit per input, and
 * saves each plan for the conversion-parity stage. An input whose mapper has no Gen3 instrument
 * (obs_test's TestMapper) is recorded as not convertible, not as a failure: its datasets are
 * reported as Gen2-only by the conversion-parity stage.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONVERTERS } from '../../converters/index.js';
import { readConversionConfigFile } from '../../src/convert/apply/config-file.js';
import { convertRepository } from '../../src/convert/convert-repository.js';
import { findInstrumentBinding } from '../../src/convert/instrument-binding.js';
import { serializePlan } from '../../src/convert/plan/plan-file.js';
import { StageInputMissingError } from './harness-errors.js';
import { applyInputFaults, checkFaults, faultedConverters, faultsOf } from './inject-faults.js';
import type { StageDefinition } from './stage-definition.js';
import { suiteStageInputs } from './suite-stage-inputs.js';
import { readJsonFile, runPaths, writeJsonFile, type ConvertedInput, type PreparedInputs, type SuiteRunContext } from './suite-run-context.js';

/** Reads `prepared.json`. @throws StageInputMissingError when the prepare stage has not run. */
export async function readPrepared(runDir: string): Promise<PreparedInputs> {
  const prepared = await readJsonFile<PreparedInputs>(runPaths.prepared(runDir));
  if (!prepared) throw new StageInputMissingError(`${runPaths.prepared(runDir)} not found: run the prepare stage first`);
  return prepared;
}

/** Reads the convert stage's per-input results. @throws StageInputMissingError when it has not run. */
export async function readConverted(runDir: string): Promise<ConvertedInput[]> {
  const converted = await readJsonFile<ConvertedInput[]>(runPaths.converted(runDir));
  if (!converted) throw new StageInputMissingError(`${runPaths.converted(runDir)} not found: run the convert stage first`);
  return converted;
}

/** Builds the stage. */
export function convertStage(ctx: SuiteRunContext): StageDefinition {
  const families = ctx.suite.conversion.converters;
  const converters = faultedConverters(families.length ? CONVERTERS.filter((c) => families.includes(c.family)) : CONVERTERS, ctx.suite.faults);
  return {
    inputs: suiteStageInputs(ctx.suite, 'convert', { faults: ctx.suite.faults.filter((f) => (f.kind === 'calib-validity-shift' && f.side === 'gen2') || (f.kind === 'filter-band' && f.side === 'gen3')) }),
    run: async (stage) => {
      checkFaults(ctx.suite.faults, { demoInputs: ctx.suite.inputs.demo !== undefined });
      const prepared = await readPrepared(ctx.runDir);
      const config = ctx.suite.conversion.config !== undefined ? readConversionConfigFile(ctx.suite.conversion.config) : undefined;
      const gen3Repo = runPaths.gen3Repo(ctx.runDir);
      // One input at a time: they share one Gen3 repository.
      const outcomes = await stage.runUnits<ConvertedInput>(
        prepared.inputs.map((input, index) => ({
          key: `input-${index}`,
          run: async (): Promise<ConvertedInput> => {
            const binding = findInstrumentBinding(converters, input.mapperClass);
            if (!binding?.instrument) {
              const reason = `no converter (${converters.map((c) => c.family).join(', ')}) has a Gen3 instrument for the mapper ${input.mapperClass}`;
              stage.logger.warn('input-not-convertible', { root: input.root, reason });
              return { index, root: input.root, instrument: input.instrument, status: 'not-convertible', reason };
            }
            const result = await convertRepository({
              gen2Root: input.root,
              gen3Repo,
              converters,
              policyPath: ctx.policyPath,
              ...(input.calibs ? { calibRoots: [input.calibs] } : {}),
              reruns: input.reruns,
              ...(config ? { config } : {}),
              ...(ctx.suite.conversion.db ? { db: ctx.suite.conversion.db } : {}),
              transfer: ctx.suite.conversion.transfer,
              logger: stage.logger,
              progress: ctx.progress,
            });
            const planFile = runPaths.plan(ctx.runDir, index);
            await mkdir(path.dirname(planFile), { recursive: true });
            await writeFile(planFile, serializePlan(result.plan));
            return { index, root: input.root, instrument: input.instrument, status: 'converted', planFile, gen3Instrument: result.plan.instrument };
          },
        })),
        { jobs: 1 },
      );
      const done = outcomes.flatMap((o) => (o.status === 'failed' ? [] : [o.data]));
      await writeJsonFile(runPaths.converted(ctx.runDir), done);
      const failed = outcomes.filter((o) => o.status === 'failed');
      // Input faults of the Gen2 side act after conversion: Gen3 keeps what was converted.
      if (!failed.length) await applyInputFaults(ctx.runDir, 'gen2', faultsOf(ctx.suite.faults, 'gen2'), prepared.inputs[0]?.calibs, stage.logger);
      if (failed.length) return { status: 'failed', error: failed.map((f) => `${f.key}: ${f.status === 'failed' ? f.error : ''}`).join('; ') };
      return { status: 'completed' };
    },
  };
}
