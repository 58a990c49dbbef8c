import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../../ci_gen3/demo/generate-gen2-repo.js';
import { Gen2Butler } from '../../../../src/gen2/butler/gen2-butler.js';
import { Gen2LookupError, UnknownMapperError } from '../../../../src/gen2/errors.js';
import { describeFixtures, fixture, FIXTURES_ROOT } from '../../../helpers/fixtures.js';
import { tmpDir, writeTree } from '../../../helpers/tmp-dir.js';

describeFixtures('Gen2Butler on real repositories', () => {
  const policyPath = [FIXTURES_ROOT ?? ''];

  it('locates the LATISS raw from expId + detector, filling dayObs from the registry', async () => {
    const butler = await Gen2Butler.open(fixture('obs_lsst_gen2/data/input/latiss'), { policyPath });
    const raw = butler.locate('raw', { expId: 3018092000065, detector: 0 });
    expect(raw).toMatchObject({
      dataId: { expId: 3018092000065, detector: 0, dayObs: '2018-09-20' },
      relPath: 'raw/2018-09-20/3018092000065-det000.fits',
      hdu: 0,
    });
    butler.close();
  });

  it('finds for the LATISS raw the bias its calib registry validity range selects (dayObs BETWEEN validStart AND validEnd)', async () => {
    const butler = await Gen2Butler.open(fixture('obs_lsst_gen2/data/input/latiss'), { policyPath });
    const bias = butler.locate('bias', { expId: 3018092000065, detector: 0 });
    expect(bias.dataId.calibDate).toBe('2018-09-21');
    expect(bias.path).toBe(fixture('obs_lsst_gen2/data/input/latiss/CALIB/bias/2018-09-21/bias-det000_2018-09-21.fits'));
    const [row] = butler.calibRegistry().queryDistinct({ tables: ['bias'], select: ['validStart', 'validEnd'], where: { detector: 0, calibDate: '2018-09-21' } });
    expect(String(row!.validStart) <= '2018-09-20' && '2018-09-20' <= String(row!.validEnd)).toBe(true);
    butler.close();
  });

  it('locates obs_test raws (.gz) and its keyless defects in the same root', async () => {
    const butler = await Gen2Butler.open(fixture('obs_test/data/input'), { policyPath });
    expect(butler.locate('raw', { visit: 3 })).toMatchObject({ relPath: 'raw/raw_v3_fr.fits.gz', dataId: { visit: 3, filter: 'r' } });
    expect(butler.locate('defects', { visit: 1 }).relPath).toBe('defects/defects.fits');
    expect(() => butler.locate('raw', { visit: 99 })).toThrow(Gen2LookupError);
    expect(() => butler.locate('raw', { visit: 99 })).toThrow(/cannot look up filter for raw \{visit=99\}: no registry row matches/);
    butler.close();
  });

  it('reports a file the registry knows but the disk lacks (obs_test bias is absent from the snapshot)', async () => {
    const butler = await Gen2Butler.open(fixture('obs_test/data/input'), { policyPath });
    expect(() => butler.locate('bias', { visit: 1 })).toThrow(/no file for bias .*looked for bias\/bias.fits.gz/);
    butler.close();
  });

  it('rejects an unknown mapper naming the _mapper file', async () => {
    const err = await Gen2Butler.open(fixture('daf_persistence/tests/root'), { policyPath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownMapperError);
    expect((err as Error).message).toBe(`${fixture('daf_persistence/tests/root/_parent/_mapper')}: unknown mapper pickleMapper.PickleMapper: no mapper policy is known for this class`);
  });
});

describe('Gen2Butler on the demo repository', () => {
  let demo: DemoGen2Summary;
  let butler: Gen2Butler;
  const policyPath = [demoPolicyDir()];

  beforeAll(async () => {
    demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'demo'), visits: 6, detectors: 2, width: 32, height: 32 });
    butler = await Gen2Butler.open(demo.root, { policyPath });
    return () => butler.close();
  });

  it('finds every generated raw from visit + ccd alone', () => {
    for (const raw of demo.raws) {
      const loc = butler.locate('raw', { visit: raw.visit, ccd: raw.ccd });
      expect(loc.relPath).toBe(raw.path);
      expect(loc.dataId).toMatchObject({ dateObs: raw.dateObs, filter: raw.filter });
    }
  });

  it('selects bias and flat by the text comparison of taiObs with the validity range, as Gen2 did', () => {
    // calibDates 2020-03-01 [02-28, 03-03] and 2020-03-03 [03-03, 03-05]: '2020-03-03T03:00' > '2020-03-03', so night 3 takes the second.
    const byNight = demo.raws.filter((r) => r.ccd === 1).map((r) => [r.dateObs, butler.locate('bias', { visit: r.visit, ccd: 1 }).dataId.calibDate]);
    expect(byNight).toEqual([
      ['2020-03-01', '2020-03-01'],
      ['2020-03-01', '2020-03-01'],
      ['2020-03-02', '2020-03-01'],
      ['2020-03-02', '2020-03-01'],
      ['2020-03-03', '2020-03-03'],
      ['2020-03-03', '2020-03-03'],
    ]);
    const flat = butler.locate('flat', { visit: 1005, ccd: 0 });
    expect(flat.relPath).toBe('flat/2020-03-03/DEMO-R/flat-2020-03-03-DEMO-R-00.fits');
    expect(flat.foundIn).toBe(demo.calibRoot);
  });

  it('reads through the rerun: own files first, then the parent root; calib root from _mapperArgs', async () => {
    const rerun = await Gen2Butler.open(demo.rerun, { policyPath });
    expect(rerun.calib).toMatchObject({ root: demo.calibRoot, source: 'mapperArgs' });
    expect(rerun.locate('demoIsr_config', {}).foundIn).toBe(demo.rerun);
    expect(rerun.locate('raw', { visit: 1000, ccd: 1 }).foundIn).toBe(demo.root);
    rerun.close();
  });

  it('an explicit --calibs overrides the recorded calib root', async () => {
    const elsewhere = writeTree(path.join(tmpDir(), 'calib'), { 'README.txt': '' });
    const b = await Gen2Butler.open(demo.rerun, { policyPath, calibRoot: elsewhere });
    expect(b.calib).toMatchObject({ root: elsewhere, source: 'option', registry: undefined });
    expect(() => b.locate('bias', { visit: 1000, ccd: 0 })).toThrow(`${elsewhere}: no calibRegistry.sqlite3 in the calibration root`);
    b.close();
  });

  it('remembers completed data IDs per session: the same answer as a fresh butler, as a copy the caller may change', async () => {
    const raw = demo.raws[3]!;
    const first = butler.completeDataId('flat', { visit: raw.visit, ccd: raw.ccd });
    first.calibDate = 'changed by the caller';
    const again = butler.completeDataId('flat', { visit: raw.visit, ccd: raw.ccd });
    const fresh = await Gen2Butler.open(demo.root, { policyPath });
    try {
      expect(again).toEqual(fresh.completeDataId('flat', { visit: raw.visit, ccd: raw.ccd }));
      expect(again.calibDate).not.toBe('changed by the caller');
      // A string visit is another data ID (Gen2 kept the type): completed by its own lookup, same registry row.
      expect(butler.completeDataId('raw', { visit: String(raw.visit), ccd: raw.ccd })).toMatchObject({ visit: String(raw.visit), filter: raw.filter });
    } finally {
      fresh.close();
    }
    // A failed lookup is not remembered: it fails again.
    expect(() => butler.completeDataId('raw', { visit: 99, ccd: 0 })).toThrow(/no registry row matches/);
    expect(() => butler.completeDataId('raw', { visit: 99, ccd: 0 })).toThrow(/no registry row matches/);
  });

  it('rejects dataset types the policy does not define', () => {
    expect(() => butler.locate('calexpp', { visit: 1000, ccd: 0 })).toThrow('unknown dataset type calexpp for DemoMapper');
  });
});
