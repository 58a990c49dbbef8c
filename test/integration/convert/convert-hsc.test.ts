import path from 'node:path';
import { expect, it } from 'vitest';
import { CONVERTERS } from '../../../converters/index.js';
import { convertRepository } from '../../../src/convert/index.js';
import { Registry } from '../../../src/gen3/registry/index.js';
import { openRepository } from '../../../src/gen3/repo/index.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { JOINTCAL_HSC_CONFIG, jointcalHscTree } from '../../helpers/jointcal-hsc-tree.js';
import { expectRepoMatchesPlan } from './expect-plan.js';


describeFixtures('gen2to3 convert on the testdata_jointcal HSC tree', () => {
  it('writes raws, visit-level outputs (visits are defined first) and refcats; the configured but absent HSC/masks stays out of the umbrella', async () => {
    const target = path.join(tmpDir(), 'gen3');
    const result = await convertRepository({ gen2Root: jointcalHscTree(), gen3Repo: target, converters: CONVERTERS, policyPath: [fixture()], config: JOINTCAL_HSC_CONFIG, transfer: 'direct' });
    const report = result.report!;
    expect(report.runs['HSC/testdata']).toMatchObject({ calexp: 30, src: 30, visitSummary: 10 });
    expect(report.visits).toEqual({ visitSystem: 'one-to-one', defined: 10, present: 0, skipped: 0 });
    expect(report.collections.find((c) => c.name === 'HSC/defaults')?.children).toEqual(['HSC/raw/all', 'HSC/testdata', 'refcats', 'HSC/calib', 'skymaps']);
    await expectRepoMatchesPlan(target, result.plan);
    const repo = await openRepository(target);
    try {
      const records = await repo.db.select('file_datastore_records');
      expect(records.every((r) => String(r.path).startsWith('file:///'))).toBe(true);
      const calexp = await Registry.of(repo).queryDatasets('calexp', 'HSC/testdata');
      expect(calexp).toHaveLength(30);
    } finally {
      await repo.close();
    }
  });
});
