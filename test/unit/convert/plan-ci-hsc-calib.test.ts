import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, expect, it } from 'vitest';
import { hscConverter } from '../../../converters/hsc/index.js';
import { planConversion, type ConversionPlan } from '../../../src/convert/plan/index.js';
import { Gen2Butler } from '../../../src/gen2/butler/gen2-butler.js';
import type { Gen2DataId } from '../../../src/gen2/data-id.js';
import { taiNsToIso } from '../../../src/gen3/time/index.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

/**
 * The ci_hsc calibration repository (testdata_ci_hsc, registry only: its FITS are LFS) rebuilt as empty
 * files at the paths its calibRegistry rows format to. gen3-and-convert §B1.15: the reference
 * certified bias 16, dark 16, flat 32 and sky 32 datasets into 3 distinct validity ranges.
 */
describeFixtures('planConversion on the ci_hsc calibration repository', () => {
  let plan: ConversionPlan;
  beforeAll(async () => {
    const root = path.join(tmpDir(), 'ci_hsc');
    const calib = path.join(root, 'CALIB');
    mkdirSync(calib, { recursive: true });
    writeFileSync(path.join(root, '_mapper'), 'lsst.obs.hsc.HscMapper\n');
    copyFileSync(fixture('testdata_ci_hsc/CALIB/calibRegistry.sqlite3'), path.join(calib, 'calibRegistry.sqlite3'));
    const butler = await Gen2Butler.open(root, { policyPath: [fixture()] });
    const db = new Database(path.join(calib, 'calibRegistry.sqlite3'), { readonly: true });
    for (const type of ['bias', 'dark', 'flat', 'sky']) {
      for (const row of db.prepare(`select distinct calibDate, filter, ccd from ${type}`).all() as Gen2DataId[]) {
        const file = path.join(calib, butler.template(type).format(row));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, '');
      }
    }
    db.close();
    butler.close();
    plan = await planConversion({ gen2Root: root, converter: hscConverter, policyPath: [fixture()] });
  });

  it('certifies the reference counts into the reference validity ranges', () => {
    const counts = (t: string) => plan.certifications.filter((c) => c.datasetType === t).length;
    expect([counts('bias'), counts('dark'), counts('flat'), counts('sky')]).toEqual([16, 16, 32, 32]);
    const day = (ns: string) => taiNsToIso(BigInt(ns), 'tai').slice(0, 10);
    const ranges = new Map<string, number>();
    for (const c of plan.certifications) ranges.set(`${day(c.begin)}→${day(c.end)}`, (ranges.get(`${day(c.begin)}→${day(c.end)}`) ?? 0) + 1);
    expect(Object.fromEntries(ranges)).toEqual({ '2012-12-19→2013-12-14': 16, '2013-05-07→2014-05-02': 48, '2013-06-01→2013-12-01': 32 });
    expect(plan.collections.filter((c) => c.type === 'RUN').map((c) => c.name)).toEqual(['HSC/raw/all', 'HSC/calib/20130617T000000Z', 'HSC/calib/20131103T000000Z', 'HSC/calib/20140714T000000Z', 'HSC/calib/20141112T000000Z', 'skymaps']);
    expect(plan.certifications.find((c) => c.datasetType === 'flat' && c.dataId.physical_filter === 'HSC-I')?.dataId).toEqual({ instrument: 'HSC', detector: expect.any(Number), physical_filter: 'HSC-I' });
  });
});
