/**
 * Runs the steps of one side (Gen2 or Gen3) in order. A step expands into units: an optional
 * `pre` unit run first and alone (it serialises the first writes of shared per-run datasets), then
 * one unit per data ID with at most `jobs` in flight. A unit failing (non-zero exit, command not
 * found, task error) fails that unit only; the others complete. Units are checkpointed through the
 * injected `runUnits` (the stage's unit log), so a killed run resumes after the last completed unit.
 */
import path from 'node:path';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import type { DataId } from '../../src/results/results-schema.js';
import { UnitFailure, type UnitOfWork, type UnitOutcome } from '../stages/run-units.js';
import type { ReferenceTaskName } from '../suite/reference-tasks.js';
import type { SuiteStep } from '../suite/suite-schema.js';
import { expandArgs, usesDataId, type TemplateValues } from './arg-template.js';
import { measureInProcess } from './measure-in-process.js';
import { NO_USAGE, type MeasuredUsage } from './measured-usage.js';
import { runCommand } from './run-command.js';

/** A side of the parity run. */
export type Side = 'gen2' | 'gen3';

/** What an in-process reference task receives for one unit. */
export interface StepTaskContext {
  readonly side: Side;
  readonly step: string;
  /** The unit's data ID; undefined for the `pre` unit. */
  readonly dataId?: DataId;
  readonly runDir: string;
  readonly vars: TemplateValues['vars'];
  readonly logger: Logger;
}

/** An in-process reference task implementation (injected). Throws to fail the unit. */
export type InProcessTask = (ctx: StepTaskContext) => Promise<void>;

/** Data recorded in the unit log for each unit. */
export interface StepUnitData {
  usage: MeasuredUsage;
  argv?: string[];
  exitCode?: number | null;
}

/** One unit's report. */
export interface StepUnitReport {
  key: string;
  pre: boolean;
  dataId?: DataId;
  /** `restored`: completed by an earlier run; `not-attempted`: the step's pre unit failed. */
  status: 'completed' | 'restored' | 'failed' | 'not-attempted';
  error?: string;
  usage: MeasuredUsage;
  argv?: string[];
  /** stdout+stderr of an external command. */
  logFile?: string;
}

/** One step's report. */
export interface StepReport {
  side: Side;
  step: string;
  status: 'completed' | 'failed';
  /** Wall-clock time of the step in this invocation (pre + parallel units). */
  elapsedSeconds: number;
  units: StepUnitReport[];
}

/** All steps of one side. */
export interface SideStepsReport {
  side: Side;
  ok: boolean;
  steps: StepReport[];
}

/** Options of {@link runSideSteps}. */
export interface RunSideStepsOptions {
  side: Side;
  steps: readonly SuiteStep[];
  /** Values of the run-level placeholders (`{gen2Root}`, `{collection}`, …). `{step}` and `{jobs}` are added. */
  vars: TemplateValues['vars'];
  /** Data IDs of a step that has no `dataIds` of its own (e.g. the run's raws for `isr`). */
  dataIds: readonly DataId[] | ((step: SuiteStep) => readonly DataId[]);
  /** In-process implementations of the reference tasks a `task:` step names. */
  tasks?: Partial<Record<ReferenceTaskName, InProcessTask>>;
  /** Units in flight per step (`-j`). Default is `1`. */
  jobs?: number;
  /** Run directory: commands run in it; logs go to `logs/<side>/<step>/<unit>.log`. */
  runDir: string;
  /** Checkpointing runner (the stage's `ctx.runUnits`). */
  runUnits: <T>(units: readonly UnitOfWork<T>[], options?: { jobs?: number }) => Promise<UnitOutcome<T>[]>;
  /** Environment of external commands. Default is `process.env`; step `env` is added. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Passed to {@link runCommand}. */
  timeBinary?: string | null;
  logger?: Logger;
}

/** `visit=1,ccd=0` (keys sorted): the data ID part of a unit key and of log file names. */
export function dataIdKey(dataId: DataId): string {
  return Object.keys(dataId)
    .sort()
    .map((k) => `${k}=${dataId[k]}`)
    .join(',');
}

function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9_.=,-]/g, '_').slice(0, 120) || '_';
}

interface PlannedUnit {
  key: string;
  pre: boolean;
  dataId?: DataId;
  argv?: string[];
}

function planUnits(step: SuiteStep, o: RunSideStepsOptions): PlannedUnit[] {
  const given = step.dataIds ?? (typeof o.dataIds === 'function' ? o.dataIds(step) : o.dataIds);
  const perDataId = step.command ? usesDataId(step.command) : true;
  const vars = { jobs: String(o.jobs ?? 1), ...o.vars, step: step.name };
  const units: PlannedUnit[] = [];
  if (step.pre !== false) {
    const argv = Array.isArray(step.pre) ? expandArgs(step.pre, { vars }) : undefined;
    units.push({ key: `${step.name}/pre`, pre: true, ...(argv ? { argv } : {}) });
  }
  if (!perDataId || given.length === 0) {
    units.push({ key: step.name, pre: false, ...(step.command ? { argv: expandArgs(step.command, { vars }) } : {}) });
  } else {
    for (const dataId of given) units.push({ key: `${step.name}/${dataIdKey(dataId)}`, pre: false, dataId, ...(step.command ? { argv: expandArgs(step.command, { vars, dataId }) } : {}) });
  }
  return units;
}

function failureData(err: unknown): StepUnitData {
  const usage = (err as { usage?: MeasuredUsage }).usage;
  return { usage: usage ?? NO_USAGE };
}

async function runStep(step: SuiteStep, o: RunSideStepsOptions, logger: Logger): Promise<StepReport> {
  const started = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  let planned: PlannedUnit[];
  try {
    planned = planUnits(step, o);
  } catch (err) {
    return { side: o.side, step: step.name, status: 'failed', elapsedSeconds: 0, units: [{ key: step.name, pre: false, status: 'failed', error: (err as Error).message, usage: NO_USAGE }] };
  }
  const logFileOf = (u: PlannedUnit): string => path.join(o.runDir, 'logs', o.side, safeFileName(step.name), `${safeFileName(u.pre ? 'pre' : u.dataId ? dataIdKey(u.dataId) : 'all')}.log`);
  const env = { ...(o.env ?? process.env), ...step.env };
  const task = step.task ? o.tasks?.[step.task] : undefined;

  const toWork = (u: PlannedUnit): UnitOfWork<StepUnitData> => ({
    key: u.key,
    run: async () => {
      if (u.argv) {
        const r = await runCommand(u.argv, { cwd: o.runDir, env, logFile: logFileOf(u), timeBinary: o.timeBinary, ...(step.timeoutSeconds ? { timeoutMs: step.timeoutSeconds * 1000 } : {}) });
        const data: StepUnitData = { usage: r.usage, argv: [...u.argv], exitCode: r.exitCode };
        if (!r.ok) throw new UnitFailure<StepUnitData>(r.error ?? 'failed', data);
        return data;
      }
      if (!task) throw new UnitFailure<StepUnitData>(`no implementation for reference task ${step.task}`, { usage: NO_USAGE });
      try {
        const usage = await measureInProcess(() => task({ side: o.side, step: step.name, ...(u.dataId ? { dataId: u.dataId } : {}), runDir: o.runDir, vars: Object.assign({}, o.vars, { step: step.name }), logger }));
        return { usage };
      } catch (err) {
        throw new UnitFailure<StepUnitData>(err instanceof Error ? err.message : String(err), failureData(err));
      }
    },
  });
  const report = (u: PlannedUnit, out: UnitOutcome<StepUnitData>): StepUnitReport => ({
    key: u.key,
    pre: u.pre,
    ...(u.dataId ? { dataId: u.dataId } : {}),
    status: out.status,
    ...(out.status === 'failed' ? { error: out.error } : {}),
    usage: out.data?.usage ?? NO_USAGE,
    ...(u.argv ? { argv: u.argv, logFile: logFileOf(u) } : {}),
  });

  const pre = planned.filter((u) => u.pre);
  const rest = planned.filter((u) => !u.pre);
  const units: StepUnitReport[] = [];
  const preOut = await o.runUnits(pre.map(toWork), { jobs: 1 });
  pre.forEach((u, i) => units.push(report(u, preOut[i]!)));
  if (preOut.some((p) => p.status === 'failed')) {
    for (const u of rest) units.push({ key: u.key, pre: false, ...(u.dataId ? { dataId: u.dataId } : {}), status: 'not-attempted', error: 'the pre step failed', usage: NO_USAGE });
  } else {
    const outs = await o.runUnits(rest.map(toWork), { jobs: o.jobs ?? 1 });
    rest.forEach((u, i) => units.push(report(u, outs[i]!)));
  }
  const failed = units.filter((u) => u.status === 'failed' || u.status === 'not-attempted');
  for (const u of failed) logger.warn('step-unit-failed', { step: step.name, unit: u.key, error: u.error });
  return { side: o.side, step: step.name, status: failed.length ? 'failed' : 'completed', elapsedSeconds: elapsed(), units };
}

/** Runs every step of one side in order; never throws for a unit's failure. */
export async function runSideSteps(options: RunSideStepsOptions): Promise<SideStepsReport> {
  const logger = (options.logger ?? silentLogger).child(options.side);
  const steps: StepReport[] = [];
  for (const step of options.steps) {
    logger.info('step-started', { step: step.name });
    const r = await runStep(step, options, logger);
    logger.info('step-finished', { step: step.name, status: r.status, seconds: r.elapsedSeconds, units: r.units.length });
    steps.push(r);
  }
  return { side: options.side, ok: steps.every((s) => s.status === 'completed'), steps };
}
