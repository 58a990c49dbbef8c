import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineVisits, ONE_TO_ONE_VISIT_SYSTEM } from '../../../src/convert/apply/index.js';
import { UsageError } from '../../../src/errors.js';
import { Registry } from '../../../src/gen3/registry/index.js';
import { createRepository, openRepository } from '../../../src/gen3/repo/index.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { dumpRegistry } from './repo-dump.js';

describe('defineVisits (one-to-one)', () => {
  it('defines one visit per science exposure, idempotently, optionally only for the raws of some collections', async () => {
    const root = path.join(tmpDir(), 'repo');
    await createRepository(root);
    const repo = await openRepository(root);
    try {
      const registry = Registry.of(repo);
      const exposure = (id: number, type: string) => ({ instrument: 'X', id, obs_id: `X_${id}`, physical_filter: 'g', group: String(id), day_obs: 20200301, observation_type: type, seq_num: id, exposure_time: 10, timespan: { begin: BigInt(id) * 1_000_000_000_000n, end: BigInt(id) * 1_000_000_000_000n + 10_000_000_000n } });
      await registry.insertDimensionData({
        instrument: [{ name: 'X', class_name: 'x.X' }],
        detector: [{ instrument: 'X', id: 0, full_name: 'A' }],
        physical_filter: [{ instrument: 'X', name: 'g', band: 'g' }],
        day_obs: [{ instrument: 'X', id: 20200301 }],
        group: [1, 2, 3].map((n) => ({ instrument: 'X', name: String(n) })),
        exposure: [exposure(1, 'science'), exposure(2, 'bias'), exposure(3, 'science')],
      });
      await registry.registerDatasetType({ name: 'raw', dimensions: ['instrument', 'exposure', 'detector'], storageClass: 'Exposure' });
      await registry.registerRun('X/raw/a');
      await registry.insertDatasets('raw', 'X/raw/a', [{ instrument: 'X', exposure: 3, detector: 0 }], { idMode: 'DATAID_TYPE_RUN' });

      expect(await defineVisits(repo, 'X', { collections: ['X/raw/a'] })).toEqual({ visitSystem: 'one-to-one', defined: 1, present: 0, skipped: 0 });
      expect((await registry.queryDimensionRecords('visit', { instrument: 'X' })).map((v) => v.id)).toEqual([3]);
      expect(await defineVisits(repo, 'X')).toEqual({ visitSystem: 'one-to-one', defined: 1, present: 1, skipped: 1 });
      const visits = await registry.queryDimensionRecords('visit', { instrument: 'X' });
      expect(visits.map((v) => [v.id, v.name, v.physical_filter, v.day_obs, v.seq_num, v.exposure_time])).toEqual([
        [1, 'X_1', 'g', 20200301, 1, 10],
        [3, 'X_3', 'g', 20200301, 3, 10],
      ]);
      expect(visits[0]!.timespan).toEqual(exposure(1, 'science').timespan);
      expect((await repo.db.select('visit_definition')).map((r) => [Number(r.exposure), Number(r.visit)]).sort()).toEqual([[1, 1], [3, 3]]);
      expect((await repo.db.select('visit_system')).map((r) => [Number(r.id), r.name])).toEqual([[ONE_TO_ONE_VISIT_SYSTEM.id, ONE_TO_ONE_VISIT_SYSTEM.name]]);
      expect(await repo.db.select('visit_system_membership')).toHaveLength(2);
    } finally {
      await repo.close();
    }
    const before = await dumpRegistry(root);
    const again = await openRepository(root);
    try {
      expect(await defineVisits(again, 'X')).toEqual({ visitSystem: 'one-to-one', defined: 0, present: 2, skipped: 1 });
      await expect(defineVisits(again, 'NOPE')).rejects.toThrow(UsageError);
    } finally {
      await again.close();
    }
    expect(await dumpRegistry(root)).toEqual(before);
  });
});
