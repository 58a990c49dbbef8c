/**
 * The `run-gen2` / `run-gen3` stage built from the suite's steps: runs {@link runSideSteps} through
 * the stage's unit log (so a killed run resumes after the last completed unit) and saves the side's
 * report as `steps/<side>.json`, which the report stage reads even when this stage was up to date.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runSideSteps, type RunSideStepsOptions, type SideStepsReport, type Side } from '../steps/run-side-steps.js';
import type { StageDefinition } from './stage-definition.js';

/** Options: those of {@link runSideSteps} without the ones the stage supplies. */
export type SideStepsStageOptions = Omit<RunSideStepsOptions, 'runUnits' | 'runDir' | 'logger'> & {
  /** Digested into the stamp (default: the steps). */
  inputs?: unknown;
};

/** Path of a side's saved step report. */
export function sideStepsReportPath(runDir: string, side: Side): string {
  return path.join(runDir, 'steps', `${side}.json`);
}

/** Reads a side's saved step report; undefined when the side has not run. */
export async function readSideStepsReport(runDir: string, side: Side): Promise<SideStepsReport | undefined> {
  try {
    return JSON.parse(await readFile(sideStepsReportPath(runDir, side), 'utf8')) as SideStepsReport;
  } catch {
    return undefined;
  }
}

/** Builds the stage. It fails when any unit failed (the others still completed and are kept). */
export function sideStepsStage(options: SideStepsStageOptions): StageDefinition {
  const { inputs, ...run } = options;
  return {
    inputs: inputs ?? { steps: options.steps },
    run: async (ctx) => {
      const report = await runSideSteps({ ...run, runDir: ctx.runDir, runUnits: ctx.runUnits, logger: ctx.logger });
      const file = sideStepsReportPath(ctx.runDir, options.side);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
      if (report.ok) return { status: 'completed' };
      const failed = report.steps.flatMap((s) => s.units.filter((u) => u.status === 'failed' || u.status === 'not-attempted'));
      return { status: 'failed', error: `${failed.length} unit(s) failed: ${failed.slice(0, 3).map((u) => `${u.key} (${u.error})`).join('; ')}${failed.length > 3 ? '; …' : ''}` };
    },
  };
}
