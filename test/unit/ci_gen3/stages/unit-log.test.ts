import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputsDigest } from '../../../../ci_gen3/stages/inputs-digest.js';
import { mapLimit } from '../../../../src/async/map-limit.js';
import { runUnits, UnitFailure } from '../../../../ci_gen3/stages/run-units.js';
import { UnitLog } from '../../../../ci_gen3/stages/unit-log.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('UnitLog', () => {
  it('appends JSON lines, reopens with the same digest, ignores a line cut short by a kill', async () => {
    const file = path.join(tmpDir(), 'units', 'run-gen2.jsonl');
    const log = await UnitLog.open(file, 'sha256:a');
    await log.append({ unit: 'u1', status: 'completed', finishedAt: '2026-01-01T00:00:00Z', data: { n: 1 } });
    await log.append({ unit: 'u2', status: 'failed', finishedAt: '2026-01-01T00:00:01Z', error: 'boom' });
    appendFileSync(file, '{"unit":"u3","status":"compl'); // killed mid-write
    const again = await UnitLog.open(file, 'sha256:a');
    expect(again.completed('u1')?.data).toEqual({ n: 1 });
    expect(again.completed('u2')).toBeUndefined();
    expect(again.completed('u3')).toBeUndefined();
    await again.append({ unit: 'u3', status: 'completed', finishedAt: '2026-01-01T00:00:02Z' });
    expect((await UnitLog.open(file, 'sha256:a')).completed('u3')).toBeDefined();
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('{"unitLog":1,"inputsDigest":"sha256:a"}');
  });

  it('appends a group of records in order; after close, the next append opens the file again', async () => {
    const file = path.join(tmpDir(), 'u.jsonl');
    const log = await UnitLog.open(file, 'sha256:a');
    await log.appendAll([
      { unit: 'u1', status: 'completed', finishedAt: 'x', data: 1 },
      { unit: 'u2', status: 'failed', finishedAt: 'y', error: 'boom' },
      { unit: 'u1', status: 'completed', finishedAt: 'z', data: 2 },
    ]);
    log.close();
    await log.append({ unit: 'u3', status: 'completed', finishedAt: 'w' });
    log.close();
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(1).map((l) => (JSON.parse(l) as { unit: string }).unit);
    expect(lines).toEqual(['u1', 'u2', 'u1', 'u3']);
    const again = await UnitLog.open(file, 'sha256:a');
    expect(again.completed('u1')?.data).toBe(2);
    expect(again.completed('u2')).toBeUndefined();
    expect(again.records.map((r) => r.unit)).toEqual(['u1', 'u2', 'u3']);
  });

  it('starts afresh when the inputs digest changed or on reset', async () => {
    const file = path.join(tmpDir(), 'u.jsonl');
    const log = await UnitLog.open(file, 'sha256:a');
    await log.append({ unit: 'u1', status: 'completed', finishedAt: 'x' });
    expect((await UnitLog.open(file, 'sha256:b')).records).toEqual([]);
    const log2 = await UnitLog.open(file, 'sha256:b');
    await log2.append({ unit: 'u1', status: 'completed', finishedAt: 'x' });
    expect((await UnitLog.open(file, 'sha256:b', { reset: true })).records).toEqual([]);
  });
});

describe('runUnits', () => {
  it('runs units with a concurrency limit, one failure does not stop the others, failure data is kept', async () => {
    const log = await UnitLog.open(path.join(tmpDir(), 'u.jsonl'), 'sha256:a');
    let inFlight = 0;
    let maxInFlight = 0;
    const outs = await runUnits(
      log,
      ['a', 'b', 'c', 'd', 'e'].map((key) => ({
        key,
        run: async () => {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          await new Promise((r) => setTimeout(r, 20));
          inFlight--;
          if (key === 'b') throw new UnitFailure('b exited 1', { exit: 1 });
          return { key };
        },
      })),
      { jobs: 2 },
    );
    expect(maxInFlight).toBe(2);
    expect(outs.map((o) => [o.key, o.status])).toEqual([
      ['a', 'completed'],
      ['b', 'failed'],
      ['c', 'completed'],
      ['d', 'completed'],
      ['e', 'completed'],
    ]);
    expect(outs[1]).toEqual({ key: 'b', status: 'failed', error: 'b exited 1', data: { exit: 1 } });
    const restored = await runUnits(log, [{ key: 'a', run: async () => ({ key: 'never' }) }]);
    expect(restored).toEqual([{ key: 'a', status: 'restored', data: { key: 'a' } }]);
  });
});

describe('helpers', () => {
  it('inputsDigest ignores key order and undefined values', () => {
    expect(inputsDigest({ a: 1, b: { c: [1, 2], d: undefined } })).toBe(inputsDigest({ b: { c: [1, 2] }, a: 1 }));
    expect(inputsDigest({ a: 1 })).not.toBe(inputsDigest({ a: 2 }));
  });

  it('mapLimit keeps input order', async () => {
    expect(await mapLimit([30, 10, 20], 3, async (ms, i) => new Promise<number>((r) => setTimeout(() => r(i), ms)))).toEqual([0, 1, 2]);
  });
});
