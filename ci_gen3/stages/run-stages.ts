/**
 * The stage runner: named stages in the fixed order `prepare → convert → conversion-parity →
 * run-gen2 → run-gen3 → compare → report` (or, `concurrent`, each as soon as the stages it depends
 * on have finished), each with a stamp (`stamps/<stage>.json`) and a unit log (`units/<stage>.jsonl`).
 * Supports running one stage (`--stage`) or from one on (`--from`), skips stages that completed with
 * unchanged inputs, resumes a failed or killed stage after its last completed unit, records failures
 * and continues with stages that do not depend on them.
 */
import { silentLogger, type Logger } from '../../src/log/logger.js';
import type { StageResult } from '../../src/results/results-schema.js';
import { inputsDigest } from './inputs-digest.js';
import { runUnits } from './run-units.js';
import type { StageContext, StageDefinition, StageImplementation } from './stage-definition.js';
import { StageSelectionError } from './stage-error.js';
import { ALL_STAGES, STAGE_DEPENDENCIES, type StageName } from './stage-name.js';
import { readStamp, writeStamp } from './stamp.js';
import { UnitLog } from './unit-log.js';

/** Options of {@link runStages}. */
export interface RunStagesOptions {
  /** Run directory; stamps and unit logs go under it. */
  runDir: string;
  /** Implementations of the stages (every enabled stage needs one). */
  stages: Partial<Record<StageName, StageDefinition | StageImplementation>>;
  /** Stages the suite runs. Default: the stages given in `stages`. */
  enabled?: readonly StageName[];
  /** `--stage S`: run only S. */
  stage?: StageName;
  /** `--from S`: run S and the enabled stages after it. */
  from?: StageName;
  /** Re-run selected stages even when up to date, discarding their unit logs. Default is `false`. */
  force?: boolean;
  logger?: Logger;
  /**
   * Start each stage as soon as the selected stages it depends on ({@link STAGE_DEPENDENCIES}) have
   * finished, so that independent stages run at the same time (`run-gen2` beside `convert`, then
   * `conversion-parity` and `run-gen3`); `report` still runs last. Default is `false`: one stage
   * after another.
   */
  concurrent?: boolean;
  /** Clock (tests). Default is `() => new Date()`. */
  now?: () => Date;
}

/** What {@link runStages} did. */
export interface StageRunReport {
  /** One entry per selected stage, in order: the results model's `stages[]`. */
  stages: StageResult[];
  /** True when no selected stage failed or was blocked. */
  ok: boolean;
}

function selectStages(o: RunStagesOptions, enabled: readonly StageName[]): StageName[] {
  if (o.stage !== undefined && o.from !== undefined) throw new StageSelectionError('give --stage or --from, not both');
  for (const s of [o.stage, o.from]) if (s !== undefined && !enabled.includes(s)) throw new StageSelectionError(`stage ${s} is not run by this suite (stages: ${enabled.join(', ')})`);
  for (const s of enabled) if (!o.stages[s]) throw new StageSelectionError(`stage ${s} has no implementation`);
  if (o.stage !== undefined) return [o.stage];
  if (o.from !== undefined) return enabled.filter((s) => ALL_STAGES.indexOf(s) >= ALL_STAGES.indexOf(o.from!));
  return [...enabled];
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs the selected stages. Never throws for a stage failure (recorded in the report);
 * throws {@link StageSelectionError} for an invalid selection.
 */
export async function runStages(options: RunStagesOptions): Promise<StageRunReport> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const enabled = ALL_STAGES.filter((s) => (options.enabled ?? (Object.keys(options.stages) as StageName[])).includes(s));
  const selected = selectStages(options, enabled);
  /** Digest of each stage completed (now or earlier), for dependants' digests; absent when not completed. */
  const completedDigest = new Map<StageName, string>();

  const runStage = async (stage: StageName): Promise<StageResult> => {
    const def = options.stages[stage]!;
    const { run, inputs } = typeof def === 'function' ? { run: def, inputs: undefined } : def;
    const deps = STAGE_DEPENDENCIES[stage].filter((d) => enabled.includes(d));
    const blocked: string[] = [];
    const depDigests: Record<string, string> = {};
    for (const d of deps) {
      let digest = completedDigest.get(d);
      if (digest === undefined && !selected.includes(d)) {
        const stamp = await readStamp(options.runDir, d);
        if (stamp?.outcome.status === 'completed') digest = stamp.inputsDigest;
      }
      if (digest === undefined) blocked.push(d);
      else depDigests[d] = digest;
    }
    if (blocked.length) {
      const error = `not run: ${blocked.join(', ')} did not complete`;
      logger.warn('stage-blocked', { stage, blockedBy: blocked });
      return { stage, status: 'skipped', durationMs: 0, error };
    }

    const digest = inputsDigest({ stage, inputs: inputs ?? null, dependencies: depDigests });
    const stamp = await readStamp(options.runDir, stage);
    if (!options.force && stamp?.outcome.status === 'completed' && stamp.inputsDigest === digest) {
      logger.info('stage-up-to-date', { stage, finishedAt: stamp.finishedAt });
      completedDigest.set(stage, digest);
      return { stage, status: 'skipped', durationMs: 0 };
    }

    const startedAt = now();
    const units = await UnitLog.open(UnitLog.pathFor(options.runDir, stage), digest, { reset: options.force === true });
    const resumedUnits = units.records.filter((r) => r.status === 'completed').length;
    logger.info('stage-started', { stage, ...(resumedUnits ? { resumedUnits } : {}) });
    const ctx: StageContext = {
      stage,
      runDir: options.runDir,
      logger: logger.child(stage),
      units,
      runUnits: (list, o) => runUnits(units, list, { jobs: o?.jobs ?? 1, now, ...(o?.checkpoint ? { checkpoint: o.checkpoint } : {}) }),
    };
    let outcome: { status: 'completed' | 'failed'; error?: string };
    try {
      outcome = await run(ctx);
    } catch (err) {
      outcome = { status: 'failed', error: errorText(err) };
    } finally {
      units.close();
    }
    const durationMs = Math.max(0, now().getTime() - startedAt.getTime());
    const unitCounts = {
      completed: units.records.filter((r) => r.status === 'completed').length,
      failed: units.records.filter((r) => r.status === 'failed').length,
    };
    await writeStamp(options.runDir, {
      formatVersion: 1,
      stage,
      finishedAt: now().toISOString(),
      inputsDigest: digest,
      outcome: { status: outcome.status, ...(outcome.error !== undefined ? { error: outcome.error } : {}), ...(unitCounts.completed + unitCounts.failed ? { units: unitCounts } : {}) },
      durationMs,
    });
    if (outcome.status === 'completed') completedDigest.set(stage, digest);
    logger[outcome.status === 'completed' ? 'info' : 'error']('stage-finished', { stage, status: outcome.status, durationMs, ...unitCounts, ...(outcome.error ? { error: outcome.error } : {}) });
    return {
      stage,
      status: outcome.status === 'failed' ? 'failed' : resumedUnits > 0 ? 'resumed' : 'completed',
      startedAt: startedAt.toISOString(),
      durationMs,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    };
  };

  const results: StageResult[] = [];
  if (options.concurrent) {
    // Each stage starts when the selected stages it needs have finished; `report` waits for all of them.
    const finished = new Map<StageName, Promise<StageResult>>();
    for (const stage of selected) {
      const before = stage === 'report' ? selected.filter((s) => s !== 'report') : STAGE_DEPENDENCIES[stage].filter((d) => selected.includes(d));
      finished.set(stage, Promise.all(before.map((d) => finished.get(d))).then(() => runStage(stage)));
    }
    results.push(...(await Promise.all(finished.values())));
  } else {
    for (const stage of selected) results.push(await runStage(stage));
  }
  return { stages: results, ok: results.every((r) => r.status !== 'failed' && r.error === undefined) };
}
