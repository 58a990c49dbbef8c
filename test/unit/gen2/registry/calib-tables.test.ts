import { afterAll, expect, it } from 'vitest';
import { Gen2RegistryError } from '../../../../src/gen2/errors.js';
import { Gen2Registry, type Gen2CalibTableInfo } from '../../../../src/gen2/registry/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';

describeFixtures('calibration tables: shapes and validity reports', () => {
  const opened: Gen2Registry[] = [];
  const open = (rel: string): Gen2Registry => {
    const r = Gen2Registry.open(fixture(rel));
    opened.push(r);
    return r;
  };
  afterAll(() => opened.forEach((r) => r.close()));

  const shapeOf = (t: Gen2CalibTableInfo) => Object.fromEntries(Object.entries(t.shape).filter(([, v]) => v !== undefined));

  it('ci_hsc: HSC shape (filter, ccd, calibDate), *_visit tables excluded', () => {
    const tables = open('testdata_ci_hsc/CALIB/calibRegistry.sqlite3').calibTables();
    expect(tables.map((t) => [t.name, t.rowCount])).toEqual([['bias', 16], ['dark', 16], ['defects', 840], ['flat', 32], ['fringe', 0], ['sky', 32]]);
    for (const t of tables) {
      expect(shapeOf(t)).toEqual({ calibDate: 'calibDate', filter: 'filter', ccd: 'ccd' });
      expect(t).toMatchObject({ legacy: false, validStartColumn: 'validStart', validEndColumn: 'validEnd', detectorTuple: ['filter', 'ccd'] });
    }
  });

  it('obs_lsst (imsim, ts8) and LATISS: detector-keyed shapes', () => {
    for (const rel of ['obs_lsst_gen2/data/input/imsim/CALIB/calibRegistry.sqlite3', 'obs_lsst_gen2/data/input/ts8/CALIB/calibRegistry.sqlite3']) {
      const tables = open(rel).calibTables();
      expect(tables.map((t) => t.name)).toEqual(['bias', 'dark', 'defects', 'flat', 'fringe', 'sky']);
      expect(shapeOf(tables[0]!)).toEqual({ calibDate: 'calibDate', filter: 'filter', detector: 'detector' });
      expect(tables[0]!.detectorTuple).toEqual(['filter', 'detector']);
    }
    const latiss = open('obs_lsst_gen2/data/input/latiss/CALIB/calibRegistry.sqlite3').calibTables();
    expect(latiss.map((t) => [t.name, t.rowCount])).toEqual([['bias', 1], ['dark', 0], ['flat', 0], ['fringe', 0]]);
    expect(latiss[0]!.columns.map((c) => c.name)).toEqual(['id', 'filter', 'detector', 'detectorName', 'calibDate', 'validStart', 'validEnd']);
  });

  it('obs_test: calibDate + filter + ccd', () => {
    const tables = open('obs_test/data/input/calibRegistry.sqlite3').calibTables();
    expect(tables.map((t) => t.name)).toEqual(['bias', 'dark', 'defects', 'flat', 'fringe', 'sky']);
    expect(shapeOf(tables[2]!)).toEqual({ calibDate: 'calibDate', filter: 'filter', ccd: 'ccd' });
  });

  it('legacy tables without calibDate: obs_base tests, testdata_cfht (ccdNum answers for ccdnum), obs_cfht megacam', () => {
    const obsBase = open('obs_base/tests/calibRegistry.sqlite3').calibTables();
    expect(obsBase.map((t) => [t.name, t.legacy, shapeOf(t)])).toEqual([
      ['bias', true, { path: 'path' }],
      ['dark', true, { path: 'path' }],
      ['flat', true, { filter: 'filter', path: 'path' }],
      ['fringe', true, { filter: 'filter', path: 'path' }],
    ]);
    expect(obsBase[0]!.detectorTuple).toEqual([]);
    const cfht = open('testdata_cfht/CALIB/calibRegistry.sqlite3').calibTables();
    expect(cfht.map((t) => t.name)).toEqual(['bias', 'dark', 'flat', 'fringe']);
    expect(shapeOf(cfht[0]!)).toEqual({ filter: 'filter', ccdnum: 'ccdNum', path: 'path' });
    expect(cfht[0]).toMatchObject({ legacy: true, detectorTuple: ['filter', 'ccdNum'] });
    const megacam = open('obs_cfht/megacam/calibRegistry.sqlite3').calibTables();
    expect(megacam.map((t) => [t.name, t.rowCount, t.legacy])).toEqual([['bias', 4140, true], ['dark', 288, true], ['flat', 20520, true], ['fringe', 6300, true]]);
    // the defect registry is calibration-like too (validity columns, no calibDate)
    expect(open('obs_cfht/megacam/defects/defectRegistry.sqlite3').calibTables().map((t) => [t.name, t.detectorTuple])).toEqual([['defect', []]]);
  });

  it('raw registries have no calibration tables', () => {
    expect(open('testdata_jointcal/hsc/registry.sqlite3').calibTables()).toEqual([]);
    expect(open('obs_test/data/input/registry.sqlite3').calibTables()).toEqual([]);
  });

  it('ci_hsc validity: bias/dark/flat/sky have one range per (filter, ccd); defects have 1-day gaps between consecutive ranges', () => {
    const ci = open('testdata_ci_hsc/CALIB/calibRegistry.sqlite3');
    for (const [table, groups] of [['bias', 16], ['dark', 16], ['flat', 32], ['sky', 32], ['fringe', 0]] as const) {
      const r = ci.validityReport(table);
      expect(r, table).toMatchObject({ table, groupBy: ['filter', 'ccd'], gaps: [], overlaps: [], invalid: [] });
      expect(r.groups).toHaveLength(groups);
    }
    expect(ci.validityReport('flat').groups[0]).toEqual({ key: { filter: 'HSC-I', ccd: 0 }, ranges: 1, validStart: '2013-05-07', validEnd: '2014-05-02' });

    const defects = ci.validityReport('defects');
    expect(defects.groups).toHaveLength(112);
    expect(defects.groups.filter((g) => g.ranges === 8)).toHaveLength(104);
    expect(defects.groups.find((g) => g.key.ccd === 104)).toEqual({ key: { filter: 'None', ccd: 104 }, ranges: 1, validStart: '1970-01-01', validEnd: '2037-12-31' });
    expect(defects.overlaps).toEqual([]);
    expect(defects.gaps).toHaveLength(104 * 7);
    expect(defects.gaps.every((g) => g.days === 1)).toBe(true);
    expect(defects.gaps.filter((g) => g.key.ccd === 96)).toEqual([
      { key: { filter: 'None', ccd: 96 }, prevStart: '1970-01-01', prevEnd: '2013-01-30', nextStart: '2013-01-31', nextEnd: '2014-04-02', prevCalibDate: '1970-01-01T00:00:00', nextCalibDate: '2013-01-31T00:00:00', days: 1 },
      { key: { filter: 'None', ccd: 96 }, prevStart: '2013-01-31', prevEnd: '2014-04-02', nextStart: '2014-04-03', nextEnd: '2014-05-31', prevCalibDate: '2013-01-31T00:00:00', nextCalibDate: '2014-04-03T00:00:00', days: 1 },
      expect.objectContaining({ prevEnd: '2014-05-31', nextStart: '2014-06-01' }),
      expect.objectContaining({ prevEnd: '2015-11-05', nextStart: '2015-11-06' }),
      expect.objectContaining({ prevEnd: '2016-03-31', nextStart: '2016-04-01' }),
      expect.objectContaining({ prevEnd: '2016-11-21', nextStart: '2016-11-22' }),
      expect.objectContaining({ prevEnd: '2016-12-22', nextStart: '2016-12-23', nextEnd: '2037-12-31' }),
    ]);
  });

  it('ci_hsc flats grouped by ccd only: the HSC-R and HSC-I ranges overlap by 221 days', () => {
    const r = open('testdata_ci_hsc/CALIB/calibRegistry.sqlite3').validityReport('flat', ['ccd']);
    expect(r.groups).toHaveLength(16);
    expect(r.gaps).toEqual([]);
    expect(r.overlaps).toHaveLength(16);
    expect(r.overlaps.find((o) => o.key.ccd === 23)).toEqual({
      key: { ccd: 23 },
      prevStart: '2012-12-19',
      prevEnd: '2013-12-14',
      nextStart: '2013-05-07',
      nextEnd: '2014-05-02',
      prevCalibDate: '2013-06-17',
      nextCalibDate: '2013-11-03',
      days: 221,
    });
  });

  it('obs_lsst huge validity ranges and legacy datetime ranges', () => {
    const latiss = open('obs_lsst_gen2/data/input/latiss/CALIB/calibRegistry.sqlite3').validityReport('bias');
    expect(latiss).toEqual({ table: 'bias', groupBy: ['filter', 'detector'], groups: [{ key: { filter: 'NONE', detector: 0 }, ranges: 1, validStart: '1744-12-07', validEnd: '2292-07-05' }], gaps: [], overlaps: [], invalid: [] });
    const cfht = open('testdata_cfht/CALIB/calibRegistry.sqlite3').validityReport('bias');
    expect(cfht.groupBy).toEqual(['filter', 'ccdNum']);
    expect(cfht.gaps[0]).toEqual({ key: { filter: 'NONE', ccdNum: 36 }, prevStart: '2003-01-03T19:00:00', prevEnd: '2003-01-10T19:00:00', nextStart: '2003-02-05T19:00:00', nextEnd: '2003-02-13T19:00:00', days: 26 });
    expect(cfht.overlaps).toContainEqual({ key: { filter: 'NONE', ccdNum: 36 }, prevStart: '2007-04-04T20:00:00', prevEnd: '2007-05-17T20:00:00', nextStart: '2007-05-05T20:00:00', nextEnd: '2007-05-23T20:00:00', days: 12 });
  });

  it('rejects non-calibration tables and unknown group columns', () => {
    const hscFile = fixture('testdata_jointcal/hsc/registry.sqlite3');
    const hsc = open('testdata_jointcal/hsc/registry.sqlite3');
    expect(() => hsc.validityReport('raw')).toThrow(new Gen2RegistryError(hscFile, 'table raw is not a calibration table (needs validStart and validEnd columns, and is not a *_visit table)'));
    const ci = open('testdata_ci_hsc/CALIB/calibRegistry.sqlite3');
    expect(() => ci.validityReport('bias_visit')).toThrow(/table bias_visit is not a calibration table/);
    expect(() => ci.validityReport('bias', ['raftName'])).toThrow(`${fixture('testdata_ci_hsc/CALIB/calibRegistry.sqlite3')}: select: no column "raftName" in table bias`);
  });
});
