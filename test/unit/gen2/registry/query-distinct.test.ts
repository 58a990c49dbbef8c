import { afterAll, expect, it } from 'vitest';
import { Gen2RegistryError } from '../../../../src/gen2/errors.js';
import { createLogger, type LogRecord } from '../../../../src/log/logger.js';
import { Gen2Registry } from '../../../../src/gen2/registry/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';

describeFixtures('queryDistinct: SqlRegistry.lookup semantics on real registries', () => {
  const ciFile = fixture('testdata_ci_hsc/CALIB/calibRegistry.sqlite3');
  const hscFile = fixture('testdata_jointcal/hsc/registry.sqlite3');
  const ci = Gen2Registry.open(ciFile);
  const hsc = Gen2Registry.open(hscFile);
  const latiss = Gen2Registry.open(fixture('obs_lsst_gen2/data/input/latiss/CALIB/calibRegistry.sqlite3'));
  const latissRaw = Gen2Registry.open(fixture('obs_lsst_gen2/data/input/latiss/registry.sqlite3'));
  afterAll(() => [ci, hsc, latiss, latissRaw].forEach((r) => r.close()));

  const valid = (value: string) => ({ value, startColumn: 'validStart', endColumn: 'validEnd' });

  it('ci_hsc flat for ccd 23, HSC-I at 2013-11-03 → calibDate 2013-11-03 (BETWEEN, inclusive)', () => {
    expect(ci.queryDistinct({ tables: ['flat'], select: ['calibDate'], where: { ccd: 23, filter: 'HSC-I' }, range: valid('2013-11-03') })).toEqual([{ calibDate: '2013-11-03' }]);
    expect(ci.queryDistinct({ tables: ['flat'], select: ['calibDate'], where: { ccd: 23, filter: 'HSC-R' }, range: valid('2013-11-03') })).toEqual([{ calibDate: '2013-06-17' }]);
    // both ends inclusive as TEXT
    expect(ci.queryDistinct({ tables: ['flat'], select: ['calibDate'], where: { ccd: 23, filter: 'HSC-I' }, range: valid('2013-05-07') })).toHaveLength(1);
    expect(ci.queryDistinct({ tables: ['flat'], select: ['calibDate'], where: { ccd: 23, filter: 'HSC-I' }, range: valid('2014-05-02') })).toHaveLength(1);
  });

  it('compares dates as TEXT, as Gen2 did: a time on the end date is after the end', () => {
    expect(ci.queryDistinct({ tables: ['flat'], select: ['calibDate'], where: { ccd: 23, filter: 'HSC-I' }, range: valid('2014-05-02T10:00:00') })).toEqual([]);
    expect(ci.queryDistinct({ tables: ['flat'], select: ['calibDate'], where: { ccd: 23, filter: 'HSC-I' }, range: valid('2013-05-07T00:00:01') })).toHaveLength(1);
    // defects: calibDate carries a time, validity does not
    expect(ci.queryDistinct({ tables: ['defects'], select: ['calibDate'], where: { ccd: 96 }, range: valid('2014-04-03T05:00:00') })).toEqual([{ calibDate: '2014-04-03T00:00:00' }]);
    // the 1-day gap between consecutive defects: an observation on 2013-01-30 after midnight finds nothing
    expect(ci.queryDistinct({ tables: ['defects'], select: ['calibDate'], where: { ccd: 96 }, range: valid('2013-01-30T12:00:00') })).toEqual([]);
  });

  it('LATISS bias lookup with dayObs 2018-09-20 returns calibDate 2018-09-21 (two steps, raw then calib)', () => {
    const [obs] = latissRaw.queryDistinct({ tables: ['raw'], select: ['dayObs'], where: { visit: 3018092000065, detector: 0 } });
    expect(obs).toEqual({ dayObs: '2018-09-20' });
    expect(latiss.queryDistinct({ tables: ['bias'], select: ['calibDate'], where: { detector: 0 }, range: valid(String(obs!.dayObs)) })).toEqual([{ calibDate: '2018-09-21' }]);
    expect(latiss.queryDistinct({ tables: ['bias'], select: ['calibDate'], where: { detector: 1 }, range: valid('2018-09-20') })).toEqual([]);
  });

  it('NATURAL JOIN, DISTINCT, and integer affinity for numeric text', () => {
    expect(hsc.queryDistinct({ tables: ['raw', 'raw_visit'], select: ['taiObs', 'pointing', 'field'], where: { visit: 34674, ccd: 28 } })).toEqual([{ taiObs: '2015-07-15', pointing: 1291, field: 'SSP_WIDE' }]);
    expect(hsc.queryDistinct({ tables: ['raw'], select: ['pointing'], where: { visit: '34674', ccd: '28' } })).toEqual([{ pointing: 1291 }]);
    expect(hsc.queryDistinct({ tables: ['raw'], select: ['filter'] }).map((r) => r.filter).sort()).toEqual(['HSC-I', 'HSC-R']);
    expect(hsc.queryDistinct({ tables: ['raw', 'raw_visit'], select: ['visit'] })).toHaveLength(10);
  });

  it('matches names case-insensitively as SQLite does, keying rows by the names as requested', () => {
    expect(hsc.hasTable('RAW')).toBe(true);
    expect(hsc.hasColumn('raw', 'TAIOBS')).toBe(true);
    expect(hsc.queryDistinct({ tables: ['RAW'], select: ['TAIOBS'], where: { VISIT: 34674, ccd: 28 } })).toEqual([{ TAIOBS: '2015-07-15' }]);
  });

  it('rejects unknown tables and columns with a Gen2RegistryError naming the registry, table and column', () => {
    expect(() => hsc.queryDistinct({ tables: ['nope'], select: ['visit'] })).toThrow(new Gen2RegistryError(hscFile, 'no table "nope" (tables: raw, raw_visit)'));
    expect(() => hsc.queryDistinct({ tables: ['raw'], select: ['bogus'] })).toThrow(new Gen2RegistryError(hscFile, 'select: no column "bogus" in table raw'));
    expect(() => hsc.queryDistinct({ tables: ['raw', 'raw_visit'], select: ['visit'], where: { calibDate: '2015-01-01' } })).toThrow(
      `${hscFile}: where: no column "calibDate" in tables raw, raw_visit`,
    );
    expect(() => ci.queryDistinct({ tables: ['bias'], select: ['calibDate'], range: { value: '2014-01-01', startColumn: 'validFrom', endColumn: 'validEnd' } })).toThrow(
      `${ciFile}: range start: no column "validFrom" in table bias`,
    );
    expect(() => hsc.columns('nope')).toThrow(Gen2RegistryError);
    expect(() => hsc.rowCount('sqlite_sequence')).toThrow(`${hscFile}: no table "sqlite_sequence" (tables: raw, raw_visit)`);
    expect(() => hsc.queryDistinct({ tables: [], select: ['visit'] })).toThrow(`${hscFile}: query names no table`);
    expect(() => hsc.queryDistinct({ tables: ['raw'], select: [] })).toThrow(`${hscFile}: query on raw selects no column`);
  });

  it('never interpolates unchecked names or values', () => {
    expect(() => hsc.queryDistinct({ tables: ['raw'], select: ['visit; DROP TABLE raw'] })).toThrow('select: no column "visit; DROP TABLE raw" in table raw');
    expect(() => hsc.queryDistinct({ tables: ['raw" NATURAL JOIN "raw_visit'], select: ['visit'] })).toThrow(Gen2RegistryError);
    // values are bound, so quotes in them are just data
    expect(hsc.queryDistinct({ tables: ['raw'], select: ['visit'], where: { field: "x' OR '1'='1" } })).toEqual([]);
    expect(() => hsc.queryDistinct({ tables: ['raw'], select: ['visit'], where: { visit: NaN } })).toThrow(`${hscFile}: where visit: value must be a string or a finite number, got number`);
    expect(hsc.rowCount('raw')).toBe(30); // still there
  });

  it('logs each query on the registry:sql channel', () => {
    const records: LogRecord[] = [];
    const reg = Gen2Registry.open(hscFile, { logger: createLogger((r) => records.push(r), 'debug') });
    reg.queryDistinct({ tables: ['raw'], select: ['ccd'], where: { visit: 34674 } });
    reg.close();
    expect(records).toContainEqual({
      level: 'debug',
      event: 'registry-query',
      channel: 'registry:sql',
      fields: { file: hscFile, sql: 'SELECT DISTINCT "ccd" FROM "raw" WHERE "visit" = ?', bindings: [34674] },
    });
  });

  it('with cacheResults, answers a repeated query from memory with fresh rows, keeps value types apart, and still rejects bad queries', () => {
    const records: LogRecord[] = [];
    const reg = Gen2Registry.open(hscFile, { logger: createLogger((r) => records.push(r), 'debug'), cacheResults: true });
    const query = { tables: ['raw', 'raw_visit'], select: ['taiObs', 'pointing'], where: { visit: 34674, ccd: 28 } };
    const first = reg.queryDistinct(query);
    expect(first).toEqual([{ taiObs: '2015-07-15', pointing: 1291 }]);
    first[0]!.taiObs = 'changed by the caller';
    expect(reg.queryDistinct(query)).toEqual([{ taiObs: '2015-07-15', pointing: 1291 }]);
    expect(records.filter((r) => r.event === 'registry-query')).toHaveLength(1);
    // '34674' is another query (its own SQL run), with the same answer by integer affinity.
    expect(reg.queryDistinct({ ...query, where: { visit: '34674', ccd: 28 } })).toEqual([{ taiObs: '2015-07-15', pointing: 1291 }]);
    expect(reg.queryDistinct({ ...query, where: { visit: 1, ccd: 28 } })).toEqual([]);
    expect(records.filter((r) => r.event === 'registry-query')).toHaveLength(3);
    expect(() => reg.queryDistinct({ tables: ['raw'], select: ['bogus'] })).toThrow('select: no column "bogus" in table raw');
    expect(() => reg.queryDistinct({ tables: ['raw'], select: ['bogus'] })).toThrow('select: no column "bogus" in table raw');
    reg.close();
    expect(() => reg.queryDistinct(query)).toThrow(`${hscFile}: querying raw, raw_visit: the registry is closed`);
  });

  it('refuses to query a closed registry', () => {
    const reg = Gen2Registry.open(hscFile);
    reg.close();
    reg.close();
    expect(() => reg.rowCount('raw')).toThrow(`${hscFile}: counting rows of raw: the registry is closed`);
  });
});
