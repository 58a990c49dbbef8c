/**
 * Opens every sqlite file of the shared fixtures and checks table names, row counts and real rows
 * (values as in shared/docs/gen2-sqlite-dumps.txt). The dumps also describe
 * obs_lsst_gen2/data/input/lsstCam/registry.sqlite3, which is not among the fixtures.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Gen2Registry } from '../../../../src/gen2/registry/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';

const CALIB_HSC_STYLE = { bias_visit: 0, dark_visit: 0, defects_visit: 0, flat_visit: 0, fringe_visit: 0, sky_visit: 0 };

/** Every sqlite file in the fixtures → table → row count (sqlite internal tables excluded). */
const EXPECTED_TABLES: Record<string, Record<string, number>> = {
  'daf_persistence/tests/butlerAlias/data/input/registry.sqlite3': { raw: 3, raw_skyTile: 5, raw_visit: 3 },
  'legacy-ap_pipe_testdata/registry.sqlite3': { raw: 61, raw_visit: 1 },
  'obs_base/tests/calibRegistry.sqlite3': { bias: 53, dark: 56, flat: 252, fringe: 94 },
  'obs_base/tests/cfhtls.sqlite3': { raw: 1260, raw_skyTile: 2070, raw_visit: 18 },
  'obs_base/tests/registry.sqlite3': { x: 34, x_skyTile: 44, x_visit: 2 },
  'obs_cfht/megacam/calibRegistry.sqlite3': { bias: 4140, dark: 288, flat: 20520, fringe: 6300 },
  'obs_cfht/megacam/defects/defectRegistry.sqlite3': { defect: 360 },
  'obs_lsst_gen2/data/input/comCam/registry.sqlite3': { raw: 1, raw_visit: 1 },
  'obs_lsst_gen2/data/input/imsim/CALIB/calibRegistry.sqlite3': { bias: 1, dark: 1, defects: 0, flat: 1, fringe: 0, sky: 0, ...CALIB_HSC_STYLE },
  'obs_lsst_gen2/data/input/imsim/registry.sqlite3': { raw: 1, raw_visit: 1 },
  'obs_lsst_gen2/data/input/latiss/CALIB/calibRegistry.sqlite3': { bias: 1, bias_visit: 0, dark: 0, dark_visit: 0, flat: 0, flat_visit: 0, fringe: 0, fringe_visit: 0 },
  'obs_lsst_gen2/data/input/latiss/registry.sqlite3': { raw: 1, raw_visit: 1 },
  'obs_lsst_gen2/data/input/phosim/registry.sqlite3': { raw: 1, raw_visit: 1 },
  'obs_lsst_gen2/data/input/ts3/registry.sqlite3': { raw: 2, raw_visit: 2 },
  'obs_lsst_gen2/data/input/ts8/CALIB/calibRegistry.sqlite3': { bias: 1, dark: 0, defects: 0, flat: 0, fringe: 0, sky: 0, ...CALIB_HSC_STYLE },
  'obs_lsst_gen2/data/input/ts8/registry.sqlite3': { raw: 1, raw_visit: 1 },
  'obs_lsst_gen2/data/input/ucd/registry.sqlite3': { raw: 2, raw_visit: 2 },
  'obs_lsst_gen2/tests/data/input/registry.sqlite3': { raw: 2, raw_visit: 2 },
  'obs_test/data/input/calibRegistry.sqlite3': { bias: 0, dark: 0, defects: 1, flat: 0, fringe: 0, sky: 0, ...CALIB_HSC_STYLE },
  'obs_test/data/input/registry.sqlite3': { raw: 3, raw_skyTile: 5, raw_visit: 3 },
  'testdata_cfht/CALIB/calibRegistry.sqlite3': { bias: 115, dark: 27, flat: 570, fringe: 176 },
  'testdata_ci_hsc/CALIB/calibRegistry.sqlite3': { bias: 16, dark: 16, defects: 840, flat: 32, fringe: 0, sky: 32, ...CALIB_HSC_STYLE },
  'testdata_jointcal/cfht/registry.sqlite3': { raw: 72, raw_visit: 2 },
  'testdata_jointcal/decam/registry.sqlite3': { raw: 122, raw_visit: 2 },
  'testdata_jointcal/hsc/registry.sqlite3': { raw: 30, raw_visit: 10 },
  'testdata_jointcal/twinkles1/registry.sqlite3': { raw: 10, raw_visit: 10 },
};
/** The converted Gen3 registry is a sqlite file too: the reader must open it (it is not a Gen2 registry). */
const GEN3 = 'obs_lsst_gen3_converted/data/input/latiss/gen3.sqlite3';

describeFixtures('every sqlite file in the fixtures', () => {
  const opened: Gen2Registry[] = [];
  const open = (rel: string): Gen2Registry => {
    const r = Gen2Registry.open(fixture(rel));
    opened.push(r);
    return r;
  };
  afterAll(() => opened.forEach((r) => r.close()));

  function sqliteFiles(dir: string, out: string[] = []): string[] {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) sqliteFiles(p, out);
      else if (name.endsWith('.sqlite3')) out.push(path.relative(fixture(), p));
    }
    return out;
  }

  it('the expectations cover every sqlite file present', () => {
    expect(sqliteFiles(fixture()).sort()).toEqual([...Object.keys(EXPECTED_TABLES), GEN3].sort());
  });

  it.each(Object.entries(EXPECTED_TABLES))('%s: tables and row counts', (rel, expected) => {
    const reg = open(rel);
    const tables = reg.tables();
    expect(Object.fromEntries(tables.map((t) => [t.name, t.rowCount]))).toEqual(expected);
    expect(tables.map((t) => t.name)).not.toContain('sqlite_sequence');
    for (const t of tables) {
      expect(reg.hasTable(t.name)).toBe(true);
      expect(t.columns.length).toBeGreaterThan(0);
      expect(reg.rowCount(t.name)).toBe(t.rowCount);
    }
  });

  it('HSC (testdata_jointcal): the row for visit 34674 ccd 28, columns in the shuffled order', () => {
    const reg = open('testdata_jointcal/hsc/registry.sqlite3');
    expect(reg.columns('raw').map((c) => c.name)).toEqual(['id', 'taiObs', 'expId', 'pointing', 'dataType', 'visit', 'dateObs', 'frameId', 'filter', 'field', 'pa', 'expTime', 'ccdTemp', 'ccd', 'proposal', 'config', 'autoguider']);
    expect(reg.columns('raw').find((c) => c.name === 'expTime')?.type).toBe('double');
    const cols = reg.columns('raw').map((c) => c.name);
    expect(reg.queryDistinct({ tables: ['raw'], select: cols, where: { visit: 34674, ccd: 28 } })).toEqual([
      { id: 323545, taiObs: '2015-07-15', expId: 'HSCA03467400', pointing: 1291, dataType: 'OBJECT', visit: 34674, dateObs: '2015-07-15', frameId: 'HSCA03467502', filter: 'HSC-R', field: 'SSP_WIDE', pa: 0, expTime: 150, ccdTemp: -100.107, ccd: 28, proposal: 'o15406', config: '20140306.cfg', autoguider: 0 },
    ]);
    expect(reg.columns('raw_visit').map((c) => c.name)).toEqual(['visit', 'field', 'filter', 'dateObs', 'taiObs']);
    expect(reg.queryDistinct({ tables: ['raw_visit'], select: ['visit'] }).map((r) => r.visit)).toHaveLength(10);
  });

  it('DECam (legacy-ap_pipe_testdata): the row for visit 413635 ccdnum 25', () => {
    const reg = open('legacy-ap_pipe_testdata/registry.sqlite3');
    const cols = reg.columns('raw').map((c) => c.name);
    expect(cols).toEqual(['id', 'visit', 'filter', 'date', 'taiObs', 'expTime', 'ccdnum', 'ccd', 'hdu', 'instcal', 'dqmask', 'wtmap', 'proposal', 'object']);
    expect(reg.queryDistinct({ tables: ['raw'], select: cols, where: { visit: 413635, ccdnum: 25 } })).toEqual([
      { id: 1, visit: 413635, filter: 'g', date: '2015-02-24', taiObs: '2015-02-24T02:39:58.686289', expTime: 86, ccdnum: 25, ccd: 25, hdu: 1, instcal: '', dqmask: '', wtmap: '', proposal: '2015A-0608', object: 'Blind15A_26' },
    ]);
    expect(reg.queryDistinct({ tables: ['raw_visit'], select: ['visit', 'date', 'filter', 'proposal', 'object'] })).toEqual([
      { visit: 413635, date: '2015-02-24', filter: 'g', proposal: '2015A-0608', object: 'Blind15A_26' },
    ]);
    expect(reg.queryDistinct({ tables: ['raw'], select: ['ccdnum'] })).toHaveLength(61);
  });

  it('DECam (testdata_jointcal, older ingest): hdu NULL and absolute instcal paths', () => {
    const reg = open('testdata_jointcal/decam/registry.sqlite3');
    const [row] = reg.queryDistinct({ tables: ['raw'], select: ['hdu', 'instcal', 'taiObs', 'filter', 'date'], where: { visit: 176837, ccdnum: 1 } });
    expect(row).toEqual({
      hdu: null,
      instcal: '/home/parejkoj/lsst/lsstsw/stack/Linux64/validation_data_decam/master-ga7c58840c3/instcal/instcal0176837.fits.fz',
      taiObs: '2013-02-10T04:27:25.773063',
      filter: 'z',
      date: '2013-02-10',
    });
    expect(reg.columns('raw_visit').map((c) => c.name)).toEqual(['visit', 'date', 'filter']);
  });

  it('LATISS: raw and raw_visit rows (raw_visit has all columns)', () => {
    const reg = open('obs_lsst_gen2/data/input/latiss/registry.sqlite3');
    const expected = { dayObs: '2018-09-20', seqNum: 65, visit: 3018092000065, detector: 0, detectorName: 'S00', filter: 'unknown~unknown', dateObs: '2018-09-21T06:12:18.210', date: '2018-09-21T06:12:18.210', expTime: 27, object: 'UNKNOWN', imageType: 'UNKNOWN', wavelength: -666, expGroup: '3018092000065', obsid: 'AT_C_20180920_000065', expId: 3018092000065 };
    const cols = Object.keys(expected);
    expect(reg.columns('raw_visit').map((c) => c.name)).toEqual(cols);
    expect(reg.queryDistinct({ tables: ['raw'], select: cols })).toEqual([expected]);
    expect(reg.queryDistinct({ tables: ['raw_visit'], select: cols })).toEqual([expected]);
  });

  it('obs_lsst comCam, imsim, phosim, ts3, ts8, ucd and tests/data/input rows', () => {
    expect(open('obs_lsst_gen2/data/input/comCam/registry.sqlite3').queryDistinct({ tables: ['raw'], select: ['raftName', 'detectorName', 'detector', 'dayObs', 'seqNum', 'obsid'] })).toEqual([
      { raftName: 'R22', detectorName: 'S00', detector: 0, dayObs: '2019-05-30', seqNum: 1, obsid: 'CC_C_20190530_000001' },
    ]);
    const imsim = open('obs_lsst_gen2/data/input/imsim/registry.sqlite3');
    expect(imsim.hasColumn('raw', 'dayObs')).toBe(false);
    expect(imsim.queryDistinct({ tables: ['raw'], select: ['run', 'visit', 'filter', 'raftName', 'detectorName', 'detector', 'dateObs', 'testType', 'expId'] })).toEqual([
      { run: '204595', visit: 204595, filter: 'i_sim_1.4', raftName: 'R11', detectorName: 'S20', detector: 42, dateObs: '2022-10-05T06:53:26.357', testType: 'IMSIM', expId: 204595 },
    ]);
    expect(open('obs_lsst_gen2/data/input/phosim/registry.sqlite3').queryDistinct({ tables: ['raw'], select: ['filter', 'dateObs', 'testType', 'lsstSerial'] })).toEqual([
      { filter: 'i', dateObs: '2022-10-05T06:53:11.357', testType: 'PHOSIM', lsstSerial: 'R11_S20' },
    ]);
    const ts3 = open('obs_lsst_gen2/data/input/ts3/registry.sqlite3');
    expect(ts3.hasColumn('raw', 'snap')).toBe(false);
    expect(ts3.queryDistinct({ tables: ['raw_visit'], select: ['raftName', 'detector', 'testSeqNum', 'dayObs'], where: { visit: 201811151255111 } })).toEqual([{ raftName: 'R433', detector: 433, testSeqNum: 25, dayObs: '2018-11-15' }]);
    expect(open('obs_lsst_gen2/data/input/ts8/registry.sqlite3').queryDistinct({ tables: ['raw'], select: ['run', 'raftName', 'detectorName', 'detector', 'filter', 'wavelength', 'testSeqNum'] })).toEqual([
      { run: '6006D', raftName: 'RTM-010', detectorName: 'S11', detector: 67, filter: 'z', wavelength: 700, testSeqNum: 17 },
    ]);
    expect(open('obs_lsst_gen2/data/input/ucd/registry.sqlite3').queryDistinct({ tables: ['raw'], select: ['detector', 'raftName'], where: { run: '2018-05-30' } })).toEqual([{ detector: 2, raftName: 'R02' }]);
    expect(open('obs_lsst_gen2/tests/data/input/registry.sqlite3').queryDistinct({ tables: ['raw'], select: ['detector', 'imageType', 'dayObs', 'seqNum'], where: { visit: 3019103101985 } })).toEqual([
      { detector: 94, imageType: 'SPOT', dayObs: '2019-10-31', seqNum: 1985 },
    ]);
  });

  it('obs_test and daf_persistence: raw, raw_visit, raw_skyTile (9 fractional digits kept as text)', () => {
    for (const rel of ['obs_test/data/input/registry.sqlite3', 'daf_persistence/tests/butlerAlias/data/input/registry.sqlite3']) {
      const reg = open(rel);
      expect(reg.queryDistinct({ tables: ['raw'], select: ['id', 'visit', 'filter', 'taiObs', 'expTime'] })).toEqual([
        { id: 1, visit: 1, filter: 'g', taiObs: '1999-01-17T04:52:34.895201920', expTime: 0 },
        { id: 2, visit: 2, filter: 'g', taiObs: '1999-01-17T05:22:08.687202048', expTime: 0 },
        { id: 3, visit: 3, filter: 'r', taiObs: '1999-02-19T01:17:24.056802176', expTime: 0 },
      ]);
      expect(reg.columns('raw_skyTile')).toEqual([{ name: 'id', type: 'INTEGER' }, { name: 'skyTile', type: 'INTEGER' }]);
      expect(reg.queryDistinct({ tables: ['raw', 'raw_skyTile'], select: ['skyTile'], where: { visit: 1 } }).map((r) => r.skyTile)).toEqual([85932, 86652]);
    }
  });

  it('obs_base tests registries (x/x_visit/x_skyTile; cfhtls) and twinkles1 comma-valued keys', () => {
    const x = open('obs_base/tests/registry.sqlite3');
    expect(x.queryDistinct({ tables: ['x'], select: ['visit', 'filter', 'snap', 'raft', 'sensor', 'channel', 'taiObs', 'expTime'], where: { id: 1 } })).toEqual([
      { visit: 85751839, filter: 'r', snap: 0, raft: '2,3', sensor: '1,1', channel: '0,0', taiObs: '1994-11-25T02:52:22.542400128', expTime: 15 },
    ]);
    expect(x.queryDistinct({ tables: ['x_visit'], select: ['visit'] }).map((r) => r.visit)).toEqual([85408556, 85751839]);
    const cfhtls = open('obs_base/tests/cfhtls.sqlite3');
    expect(cfhtls.queryDistinct({ tables: ['raw'], select: ['field', 'filter', 'taiObs', 'expTime'], where: { visit: 793310, ccd: 0, amp: 1 } })).toEqual([
      { field: 'D2', filter: 'r', taiObs: '2005-05-13T07:01:04.630080128', expTime: 300.054 },
    ]);
    expect(cfhtls.queryDistinct({ tables: ['raw_visit'], select: ['filter', 'expTime'], where: { visit: 787650 } })).toEqual([{ filter: 'i', expTime: 520.05 }]);
    const twinkles = open('testdata_jointcal/twinkles1/registry.sqlite3');
    expect(twinkles.queryDistinct({ tables: ['raw'], select: ['raft', 'sensor', 'ccd', 'channel', 'snap', 'taiObs'], where: { visit: 840 } })).toEqual([
      { raft: '2,2', sensor: '1,1', ccd: '1,1', channel: '0,0', snap: 0, taiObs: '1994-01-02T01:46:16.520000896' },
    ]);
    expect(open('testdata_jointcal/cfht/registry.sqlite3').queryDistinct({ tables: ['raw'], select: ['taiObs', 'extension', 'object', 'state', 'defects', 'ccd', 'runId'], where: { visit: 849375, ccd: 2 } })).toEqual([
      { taiObs: '2006-05-20T12:04:45.73', extension: 3, object: 'D3', state: 'p', defects: '2003A.mask.0.36.01.nn/ccd02.fits', ccd: 2, runId: '06AL01' },
    ]);
  });

  it('calibration registries: ci_hsc bias/flat/sky/defects, obs_lsst, obs_test, legacy rows', () => {
    const ci = open('testdata_ci_hsc/CALIB/calibRegistry.sqlite3');
    const calib = ['filter', 'ccd', 'calibDate', 'validStart', 'validEnd'];
    expect(ci.queryDistinct({ tables: ['bias'], select: calib, where: { ccd: 5 } })).toEqual([{ filter: 'NONE', ccd: 5, calibDate: '2013-11-03', validStart: '2013-05-07', validEnd: '2014-05-02' }]);
    expect(ci.queryDistinct({ tables: ['flat'], select: calib, where: { ccd: 23, filter: 'HSC-I' } })).toEqual([{ filter: 'HSC-I', ccd: 23, calibDate: '2013-11-03', validStart: '2013-05-07', validEnd: '2014-05-02' }]);
    expect(ci.queryDistinct({ tables: ['sky'], select: calib, where: { ccd: 4, filter: 'HSC-I' } })).toEqual([{ filter: 'HSC-I', ccd: 4, calibDate: '2014-07-14', validStart: '2013-06-01', validEnd: '2013-12-01' }]);
    const defects = ci.queryDistinct({ tables: ['defects'], select: calib, where: { ccd: 96 } });
    expect(defects).toHaveLength(8);
    // rows come back in SQLite's order (here the unique index on filter, ccd, calibDate)
    expect(defects.map((r) => r.calibDate)).toEqual([...defects.map((r) => r.calibDate)].sort());
    expect(defects.find((r) => r.calibDate === '2013-01-31T00:00:00')).toEqual({ filter: 'None', ccd: 96, calibDate: '2013-01-31T00:00:00', validStart: '2013-01-31', validEnd: '2014-04-02' });
    expect(ci.columns('defects_visit')).toEqual([{ name: 'calibDate', type: 'TEXT' }]); // SQLite reports standard type names upper-cased

    const lsstCols = ['filter', 'raftName', 'detectorName', 'detector', 'calibDate', 'validStart', 'validEnd'];
    expect(open('obs_lsst_gen2/data/input/imsim/CALIB/calibRegistry.sqlite3').queryDistinct({ tables: ['bias'], select: lsstCols })).toEqual([
      { filter: 'NONE', raftName: 'R11', detectorName: 'S20', detector: 42, calibDate: '2022-01-01', validStart: '1748-03-19', validEnd: '2295-10-16' },
    ]);
    expect(open('obs_lsst_gen2/data/input/imsim/CALIB/calibRegistry.sqlite3').queryDistinct({ tables: ['flat'], select: ['filter', 'calibDate'] })).toEqual([{ filter: 'i_sim_1.4', calibDate: '2022-08-06' }]);
    expect(open('obs_lsst_gen2/data/input/ts8/CALIB/calibRegistry.sqlite3').queryDistinct({ tables: ['bias'], select: lsstCols })).toEqual([
      { filter: 'NONE', raftName: 'RTM-010', detectorName: 'S11', detector: 67, calibDate: '2018-07-24', validStart: '1744-10-09', validEnd: '2292-05-07' },
    ]);
    expect(open('obs_lsst_gen2/data/input/latiss/CALIB/calibRegistry.sqlite3').queryDistinct({ tables: ['bias'], select: ['filter', 'detector', 'detectorName', 'calibDate', 'validStart', 'validEnd'] })).toEqual([
      { filter: 'NONE', detector: 0, detectorName: 'S1', calibDate: '2018-09-21', validStart: '1744-12-07', validEnd: '2292-07-05' },
    ]);
    expect(open('obs_test/data/input/calibRegistry.sqlite3').queryDistinct({ tables: ['defects'], select: ['calibDate', 'validStart', 'validEnd', 'filter', 'ccd'] })).toEqual([
      { calibDate: '1970-01-01T00:00:00', validStart: '1970-01-01', validEnd: '2037-12-31', filter: 'None', ccd: 0 },
    ]);
    expect(open('obs_base/tests/calibRegistry.sqlite3').queryDistinct({ tables: ['bias'], select: ['path', 'derivedRunId', 'version', 'validStart', 'validEnd'], where: { id: 1 } })).toEqual([
      { path: '03Am04n.bias.0.18.00.fits', derivedRunId: '03Am04n', version: 0, validStart: '2003-05-23', validEnd: '2003-05-30' },
    ]);
    expect(open('testdata_cfht/CALIB/calibRegistry.sqlite3').queryDistinct({ tables: ['bias'], select: ['path', 'ccdNum', 'expTime', 'label', 'validStart', 'validEnd', 'registered'], where: { id: 1 } })).toEqual([
      { path: 'bias/02Bm04.bias.0.36.00.fits', ccdNum: 36, expTime: 0, label: 'elixir', validStart: '2003-01-03T19:00:00', validEnd: '2003-01-10T19:00:00', registered: '2003-02-19T16:07:09' },
    ]);
    const megacam = open('obs_cfht/megacam/calibRegistry.sqlite3');
    expect(megacam.queryDistinct({ tables: ['bias'], select: ['path', 'extension'], where: { id: 2 } })).toEqual([{ path: 'bias/02Bm04.bias.0.36.00.fits', extension: 2 }]);
    expect(open('obs_cfht/megacam/defects/defectRegistry.sqlite3').queryDistinct({ tables: ['defect'], select: ['maskname', 'path', 'ccdSerial', 'validStart', 'validEnd'], where: { id: 1 } })).toEqual([
      { maskname: 'static.mask.0.36.00', path: 'static.mask.0.36.00/defects8351205.fits', ccdSerial: 8351205, validStart: '2003-05-23', validEnd: '2003-09-17' },
    ]);
  });

  it('opens the converted Gen3 sqlite registry too (schema-agnostic)', () => {
    const reg = open(GEN3);
    const tables = reg.tables();
    expect(tables).toHaveLength(48);
    expect(Object.fromEntries(tables.filter((t) => ['instrument', 'collection', 'dataset', 'file_datastore_records', 'physical_filter'].includes(t.name)).map((t) => [t.name, t.rowCount]))).toEqual({
      instrument: 1,
      collection: 8,
      dataset: 5,
      file_datastore_records: 5,
      physical_filter: 79,
    });
    expect(reg.queryDistinct({ tables: ['instrument'], select: ['name', 'class_name', 'detector_max'] })).toEqual([{ name: 'LATISS', class_name: 'lsst.obs.lsst.Latiss', detector_max: 0 }]);
    expect(reg.queryDistinct({ tables: ['file_datastore_records'], select: ['path'], where: { storage_class: 'ExposureF' } })).toEqual([{ path: 'CALIB/bias/2018-09-21/bias-det000_2018-09-21.fits' }]);
    expect(reg.calibTables()).toEqual([]);
  });
});
