import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStages, type RunStagesOptions } from '../../../../ci_gen3/stages/run-stages.js';
import type { StageContext, StageDefinition } from '../../../../ci_gen3/stages/stage-definition.js';
import { StageSelectionError } from '../../../../ci_gen3/stages/stage-error.js';
import { ALL_STAGES, STAGE_DEPENDENCIES, type StageName } from '../../../../ci_gen3/stages/stage-name.js';
import { readStamp } from '../../../../ci_gen3/stages/stamp.js';
import { stageResultSchema } from '../../../../src/results/results-schema.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

/** Stages that record their calls; `fail` makes a stage throw. */
function recordingStages(calls: StageName[], options: { fail?: StageName[]; inputs?: Partial<Record<StageName, unknown>> } = {}): Record<StageName, StageDefinition> {
  return Object.fromEntries(
    ALL_STAGES.map((s) => [
      s,
      {
        inputs: options.inputs?.[s] ?? { stage: s },
        run: async () => {
          calls.push(s);
          if (options.fail?.includes(s)) throw new Error(`${s} broke`);
          return { status: 'completed' as const };
        },
      },
    ]),
  ) as unknown as Record<StageName, StageDefinition>;
}

/** Stage statuses of a run whose convert stage failed: only its dependants are skipped. */
const CONVERT_FAILED: [string, string][] = [
  ['prepare', 'completed'],
  ['convert', 'failed'],
  ['conversion-parity', 'skipped'],
  ['run-gen2', 'completed'],
  ['run-gen3', 'skipped'],
  ['compare', 'skipped'],
  ['report', 'completed'],
];

function statuses(report: Awaited<ReturnType<typeof runStages>>): [string, string][] {
  return report.stages.map((s) => [s.stage, s.status]);
}

describe('runStages', () => {
  it('runs every stage in order, writes a stamp per stage and timing in the results model shape', async () => {
    const runDir = tmpDir();
    const calls: StageName[] = [];
    let t = Date.parse('2026-11-25T15:00:00Z');
    const report = await runStages({ runDir, stages: recordingStages(calls), now: () => new Date((t += 1000)) });
    expect(calls).toEqual([...ALL_STAGES]);
    expect(report.ok).toBe(true);
    expect(statuses(report)).toEqual(ALL_STAGES.map((s) => [s, 'completed']));
    for (const s of report.stages) expect(stageResultSchema.parse(s)).toEqual(s);
    expect(report.stages[0]).toEqual({ stage: 'prepare', status: 'completed', startedAt: '2026-11-25T15:00:01.000Z', durationMs: 1000 });
    const stamp = await readStamp(runDir, 'compare');
    expect(stamp).toMatchObject({ formatVersion: 1, stage: 'compare', outcome: { status: 'completed' } });
    expect(stamp?.inputsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(path.join(runDir, 'stamps', 'report.json'), 'utf8'))).toHaveProperty('finishedAt');
  });

  it('skips completed stages whose inputs are unchanged; a changed input re-runs the stage and its dependants', async () => {
    const runDir = tmpDir();
    await runStages({ runDir, stages: recordingStages([]) });
    const again: StageName[] = [];
    const second = await runStages({ runDir, stages: recordingStages(again) });
    expect(again).toEqual([]);
    expect(statuses(second)).toEqual(ALL_STAGES.map((s) => [s, 'skipped']));
    expect(second.ok).toBe(true);

    const third: StageName[] = [];
    await runStages({ runDir, stages: recordingStages(third, { inputs: { convert: { transfer: 'copy' } } }) });
    // convert changed → conversion-parity and run-gen3 (depend on it) → compare (depends on run-gen3).
    expect(third).toEqual(['convert', 'conversion-parity', 'run-gen3', 'compare']);
  });

  it('--stage runs one stage; --from runs that stage and the later ones', async () => {
    const runDir = tmpDir();
    await runStages({ runDir, stages: recordingStages([]) });
    const one: StageName[] = [];
    const r1 = await runStages({ runDir, stages: recordingStages(one), stage: 'compare', force: true });
    expect(one).toEqual(['compare']);
    expect(statuses(r1)).toEqual([['compare', 'completed']]);
    const from: StageName[] = [];
    await runStages({ runDir, stages: recordingStages(from), from: 'run-gen3', force: true });
    expect(from).toEqual(['run-gen3', 'compare', 'report']);
  });

  it('a stage whose dependency never completed is not run (--stage on a fresh run directory)', async () => {
    const calls: StageName[] = [];
    const report = await runStages({ runDir: tmpDir(), stages: recordingStages(calls), stage: 'compare' });
    expect(calls).toEqual([]);
    expect(report.stages).toEqual([{ stage: 'compare', status: 'skipped', durationMs: 0, error: 'not run: run-gen2, run-gen3 did not complete' }]);
    expect(report.ok).toBe(false);
  });

  it('records a failed stage and continues with the stages that do not depend on it', async () => {
    const runDir = tmpDir();
    const calls: StageName[] = [];
    const report = await runStages({ runDir, stages: recordingStages(calls, { fail: ['convert'] }) });
    expect(calls).toEqual(['prepare', 'convert', 'run-gen2', 'report']);
    expect(statuses(report)).toEqual(CONVERT_FAILED);
    expect(report.stages[1]?.error).toBe('convert broke');
    expect(report.stages[2]?.error).toBe('not run: convert did not complete');
    expect(report.ok).toBe(false);
    expect((await readStamp(runDir, 'convert'))?.outcome).toEqual({ status: 'failed', error: 'convert broke' });

    // Fixed: the next run re-runs the failed stage and what it blocked, and skips the rest.
    const next: StageName[] = [];
    const fixed = await runStages({ runDir, stages: recordingStages(next) });
    expect(next).toEqual(['convert', 'conversion-parity', 'run-gen3', 'compare']);
    expect(fixed.ok).toBe(true);
  });

  it('only the suite-enabled stages run; dependencies outside them do not block', async () => {
    const calls: StageName[] = [];
    const report = await runStages({ runDir: tmpDir(), stages: recordingStages(calls), enabled: ['prepare', 'convert', 'conversion-parity', 'report'] });
    expect(calls).toEqual(['prepare', 'convert', 'conversion-parity', 'report']);
    expect(report.ok).toBe(true);
  });

  it('a failed stage resumes from its unit log: completed units are not re-run', async () => {
    const runDir = tmpDir();
    const executed: string[] = [];
    let broken = true;
    const stage = (ctx: StageContext) =>
      ctx
        .runUnits(
          ['a', 'b', 'c', 'd'].map((key) => ({
            key,
            run: async () => {
              executed.push(key);
              if (broken && key === 'c') throw new Error('c failed');
              return { key };
            },
          })),
          { jobs: 2 },
        )
        .then((outs) => (outs.some((o) => o.status === 'failed') ? { status: 'failed' as const, error: 'unit c failed' } : { status: 'completed' as const }));
    const options: RunStagesOptions = { runDir, stages: { prepare: async () => ({ status: 'completed' }), 'run-gen2': stage } };
    const first = await runStages(options);
    expect(statuses(first)).toEqual([
      ['prepare', 'completed'],
      ['run-gen2', 'failed'],
    ]);
    expect(executed.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect((await readStamp(runDir, 'run-gen2'))?.outcome.units).toEqual({ completed: 3, failed: 1 });

    broken = false;
    executed.length = 0;
    const second = await runStages(options);
    expect(executed).toEqual(['c']);
    expect(statuses(second)).toEqual([
      ['prepare', 'skipped'],
      ['run-gen2', 'resumed'],
    ]);
  });

  it('force re-runs selected stages from scratch (unit log discarded)', async () => {
    const runDir = tmpDir();
    const executed: string[] = [];
    const options: RunStagesOptions = {
      runDir,
      stages: { prepare: (ctx) => ctx.runUnits([{ key: 'x', run: async () => void executed.push('x') }]).then(() => ({ status: 'completed' as const })) },
    };
    await runStages(options);
    await runStages(options);
    expect(executed).toEqual(['x']);
    const forced = await runStages({ ...options, force: true });
    expect(executed).toEqual(['x', 'x']);
    expect(statuses(forced)).toEqual([['prepare', 'completed']]);
  });

  it('concurrent: a stage starts once the stages it depends on have finished, not before; report runs last; results stay in stage order', async () => {
    const events: string[] = [];
    const started = new Map<StageName, () => void>();
    const startOf = (s: StageName): Promise<void> => {
      const seen = new Promise<void>((r) => started.set(s, r));
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${s} never started`)), 5000).unref());
      return Promise.race([seen, timeout]);
    };
    let waits: Partial<Record<StageName, Promise<void>>> = {};
    const stages = (): Record<StageName, StageDefinition> =>
      Object.fromEntries(
        ALL_STAGES.map((s) => [
          s,
          {
            inputs: { stage: s },
            run: async () => {
              events.push(`start ${s}`);
              started.get(s)?.();
              await waits[s];
              await new Promise((r) => setImmediate(r));
              events.push(`end ${s}`);
              return { status: 'completed' as const };
            },
          },
        ]),
      ) as unknown as Record<StageName, StageDefinition>;
    // run-gen2 needs only prepare: convert ends only after run-gen2 started, run-gen2 only after run-gen3 started.
    waits = { convert: startOf('run-gen2'), 'run-gen2': startOf('run-gen3') };
    const report = await runStages({ runDir: tmpDir(), stages: stages(), concurrent: true });
    expect(statuses(report)).toEqual(ALL_STAGES.map((s) => [s, 'completed']));
    const at = (e: string): number => events.indexOf(e);
    expect(at('start run-gen2')).toBeLessThan(at('end convert'));
    expect(at('start run-gen3')).toBeLessThan(at('end run-gen2'));
    for (const [stage, deps] of Object.entries(STAGE_DEPENDENCIES)) for (const d of deps) expect(at(`start ${stage}`), `${stage} after ${d}`).toBeGreaterThan(at(`end ${d}`));
    expect(events.slice(-2)).toEqual(['start report', 'end report']);

    // Serial (the default): no two stages overlap.
    events.length = 0;
    waits = {};
    await runStages({ runDir: tmpDir(), stages: stages() });
    expect(events).toEqual(ALL_STAGES.flatMap((s) => [`start ${s}`, `end ${s}`]));
  });

  it('concurrent: a failed stage blocks only its dependants; the others still run', async () => {
    const calls: StageName[] = [];
    const report = await runStages({ runDir: tmpDir(), stages: recordingStages(calls, { fail: ['convert'] }), concurrent: true });
    expect([...calls].sort()).toEqual(['convert', 'prepare', 'report', 'run-gen2']);
    expect(calls.at(-1)).toBe('report');
    expect(statuses(report)).toEqual(CONVERT_FAILED);
    expect(report.stages.find((s) => s.stage === 'compare')?.error).toBe('not run: run-gen3 did not complete');
  });

  it('rejects invalid selections with StageSelectionError', async () => {
    const stages = recordingStages([]);
    await expect(runStages({ runDir: tmpDir(), stages, stage: 'convert', from: 'convert' })).rejects.toThrow(StageSelectionError);
    await expect(runStages({ runDir: tmpDir(), stages, enabled: ['prepare'], stage: 'compare' })).rejects.toThrow('stage compare is not run by this suite (stages: prepare)');
    await expect(runStages({ runDir: tmpDir(), stages: { prepare: stages.prepare }, enabled: ['prepare', 'convert'] })).rejects.toThrow('stage convert has no implementation');
    const err: unknown = await runStages({ runDir: tmpDir(), stages, stage: 'convert', from: 'convert' }).catch((e: unknown) => e);
    expect((err as StageSelectionError).code).toBe('CI_STAGE_SELECTION');
  });
});
