import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUnits, UnitFailure, type UnitOfWork } from '../../../../ci_gen3/stages/run-units.js';
import { UnitLog } from '../../../../ci_gen3/stages/unit-log.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

/** Units that record, at their start, which units the log file already holds. */
function units(file: string, n: number, seen: Map<string, string[]>, fail?: string): UnitOfWork<{ i: number }>[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `u${i}`,
    run: async () => {
      seen.set(`u${i}`, [...(await UnitLog.open(file, 'sha256:a')).records.map((r) => r.unit)]);
      if (`u${i}` === fail) throw new UnitFailure('broken', { i });
      return { i };
    },
  }));
}

describe('runUnits with group checkpoints', () => {
  it('logs the units of a group only after their flush, every N units and at the end', async () => {
    const file = path.join(tmpDir(), 'u.jsonl');
    const log = await UnitLog.open(file, 'sha256:a');
    const seen = new Map<string, string[]>();
    const flushes: string[][] = [];
    const outcomes = await runUnits(log, units(file, 7, seen, 'u4'), {
      checkpoint: {
        every: 3,
        flush: async () => {
          flushes.push((await UnitLog.open(file, 'sha256:a')).records.map((r) => r.unit));
        },
      },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'failed', 'completed', 'completed']);
    // u3 starts after the first group (u0..u2) was flushed and logged; u2 started before anything was logged.
    expect(seen.get('u2')).toEqual([]);
    expect(seen.get('u3')).toEqual(['u0', 'u1', 'u2']);
    expect(seen.get('u5')).toEqual(['u0', 'u1', 'u2']);
    expect(seen.get('u6')).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5']);
    // Each flush runs before its group is logged.
    expect(flushes).toEqual([[], ['u0', 'u1', 'u2'], ['u0', 'u1', 'u2', 'u3', 'u4', 'u5']]);
    const reopened = await UnitLog.open(file, 'sha256:a');
    expect(reopened.records.map((r) => `${r.unit}:${r.status}`)).toEqual(['u0:completed', 'u1:completed', 'u2:completed', 'u3:completed', 'u4:failed', 'u5:completed', 'u6:completed']);
  });

  it('fails (and does not log as complete) every unit of a group whose flush failed; a rerun runs them again', async () => {
    const file = path.join(tmpDir(), 'u.jsonl');
    const log = await UnitLog.open(file, 'sha256:a');
    let calls = 0;
    const outcomes = await runUnits(log, units(file, 4, new Map()), {
      checkpoint: {
        every: 2,
        flush: async () => {
          if (++calls === 2) throw new Error('database is locked');
        },
      },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['completed', 'completed', 'failed', 'failed']);
    expect(outcomes[2]).toMatchObject({ key: 'u2', status: 'failed', error: expect.stringContaining('database is locked'), data: { i: 2 } });
    const reopened = await UnitLog.open(file, 'sha256:a');
    expect(reopened.completed('u1')).toBeDefined();
    expect(reopened.completed('u2')).toBeUndefined();
    expect(reopened.completed('u3')).toBeUndefined();
    const ran: string[] = [];
    const again = await runUnits(
      reopened,
      units(file, 4, new Map()).map((u) => ({ key: u.key, run: () => (ran.push(u.key), u.run()) })),
      { checkpoint: { every: 2, flush: async () => undefined } },
    );
    expect(ran).toEqual(['u2', 'u3']);
    expect(again.map((o) => o.status)).toEqual(['restored', 'restored', 'completed', 'completed']);
  });
});
