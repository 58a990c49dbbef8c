/**
 * The `run-gen2` / `run-gen3` stages of a suite run: the side's steps ({@link sideStepsStage}) with
 * the reference pipeline's tasks through that side's neutral butler — Gen2: an output rerun of the
 * first input (`gen2-output/` in the run directory, never inside the input); Gen3: a RUN and chained
 * output collection in the converted repository — unit data IDs from the side's own registry, the
 * run-level argument placeholders for external commands, and the side's faults.
 */
import { Gen2NeutralButler } from '../pipeline/gen2-neutral-butler.js';
import { Gen3NeutralButler } from '../pipeline/gen3-neutral-butler.js';
import type { NeutralButler, NeutralDataId } from '../pipeline/neutral-butler.js';
import { referenceTaskDataIds, referenceTasks } from '../pipeline/reference-pipeline.js';
import type { Side } from '../steps/run-side-steps.js';
import { readConverted, readPrepared } from './convert-stage.js';
import { StageInputMissingError } from './harness-errors.js';
import { applyOutputFaults, checkFaults, faultsOf, pipelineOptions } from './inject-faults.js';
import { readSideStepsReport, sideStepsStage } from './side-steps-stage.js';
import type { UnitCheckpoint } from './run-units.js';
import type { StageDefinition } from './stage-definition.js';
import { suiteStageInputs } from './suite-stage-inputs.js';
import { gen3OutputCollections, runPaths, type SuiteRunContext } from './suite-run-context.js';

/** Units checkpointed together on the Gen3 side: one registry transaction for their outputs. */
export const GEN3_UNITS_PER_CHECKPOINT = 64;

function gen3Checkpoint(butler: Gen3NeutralButler): UnitCheckpoint {
  butler.deferCommits();
  return { every: GEN3_UNITS_PER_CHECKPOINT, flush: () => butler.flush() };
}

/** Builds the stage of one side. */
export function runSideStage(ctx: SuiteRunContext, side: Side): StageDefinition {
  const steps = ctx.suite.steps[side];
  const faults = faultsOf(ctx.suite.faults, side);
  return {
    inputs: suiteStageInputs(ctx.suite, side === 'gen2' ? 'run-gen2' : 'run-gen3', { faults }),
    run: async (stage) => {
      checkFaults(faults, { demoInputs: ctx.suite.inputs.demo !== undefined });
      const prepared = await readPrepared(ctx.runDir);
      const input = prepared.inputs[0];
      if (!input) throw new StageInputMissingError('no Gen2 input was prepared');
      let butler: NeutralButler;
      let vars: Record<string, string>;
      if (side === 'gen2') {
        const rerun = runPaths.gen2Output(ctx.runDir);
        butler = await Gen2NeutralButler.open({ root: input.root, outputRerun: rerun, policyPath: ctx.policyPath, ...(input.calibs ? { calibRoot: input.calibs } : {}), logger: stage.logger });
        vars = { gen2Root: input.root, rerun, calibs: input.calibs ?? '', instrument: input.instrument, runDir: ctx.runDir };
      } else {
        const converted = (await readConverted(ctx.runDir)).find((c) => c.index === 0);
        if (converted?.status !== 'converted' || !converted.gen3Instrument) throw new StageInputMissingError(`the first input was not converted${converted?.reason ? `: ${converted.reason}` : ''}`);
        const cols = gen3OutputCollections(converted.gen3Instrument, ctx.suite.name);
        const repo = runPaths.gen3Repo(ctx.runDir);
        butler = await Gen3NeutralButler.open({ repo, instrument: converted.gen3Instrument, inputs: cols.inputs, outputRun: cols.run, outputChain: cols.chain, logger: stage.logger });
        vars = { gen3Repo: repo, collection: cols.run, inputCollections: cols.inputs.join(','), instrument: converted.gen3Instrument, runDir: ctx.runDir };
      }
      try {
        const ids = new Map<string, NeutralDataId[]>();
        for (const s of steps) if (s.task && !ids.has(s.task)) ids.set(s.task, await referenceTaskDataIds(butler, s.task));
        const raws = await butler.unitDataIds('raw');
        const inner = sideStepsStage({
          side,
          steps,
          vars,
          jobs: ctx.jobs,
          tasks: referenceTasks(side, butler, pipelineOptions(faults)),
          dataIds: (s) => (s.task ? (ids.get(s.task) ?? []) : raws),
        });
        // Gen3: the registry entries of many units are written in one transaction, just before those
        // units are checkpointed as complete (a killed run re-runs the units it had not checkpointed).
        const checkpoint = butler instanceof Gen3NeutralButler ? gen3Checkpoint(butler) : undefined;
        const outcome = await inner.run(checkpoint ? { ...stage, runUnits: (list, o) => stage.runUnits(list, { ...o, checkpoint }) } : stage);
        if (outcome.status === 'completed') {
          await applyOutputFaults(ctx.runDir, side, faults, butler, stage.logger);
          return outcome;
        }
        // Some units failed: they are recorded (steps/<side>.json → results failures); the stage
        // completes when any unit did, so that compare still runs on what exists (missing outputs
        // show as one-sided data IDs). Nothing ran at all: the stage fails.
        const report = await readSideStepsReport(ctx.runDir, side);
        const anyDone = report?.steps.some((s) => s.units.some((u) => !u.pre && (u.status === 'completed' || u.status === 'restored')));
        stage.logger.warn('side-units-failed', { side, error: outcome.error });
        return anyDone ? { status: 'completed' } : outcome;
      } finally {
        await butler.close();
      }
    },
  };
}
