import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Gen2Registry, type Gen2DistinctQuery } from '../../../../src/gen2/registry/index.js';
import { indexedAffinity, ValidityIndex } from '../../../../src/gen2/registry/validity-index.js';
import { createLogger, type LogRecord } from '../../../../src/log/logger.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

/** A session registry (cacheResults) and a plain one on the same file, with the session's log. */
function pair(file: string): { session: Gen2Registry; plain: Gen2Registry; indexed: () => number; close: () => void } {
  const records: LogRecord[] = [];
  const session = Gen2Registry.open(file, { cacheResults: true, logger: createLogger((r) => records.push(r), 'debug') });
  const plain = Gen2Registry.open(file);
  return { session, plain, indexed: () => records.filter((r) => r.event === 'registry-query-indexed').length, close: () => [session, plain].forEach((r) => r.close()) };
}

describeFixtures('validity lookups answered in memory agree with SQLite on real calibration registries', () => {
  const cases: [string, number][] = [
    ['testdata_ci_hsc/CALIB/calibRegistry.sqlite3', 1000],
    ['obs_lsst_gen2/data/input/imsim/CALIB/calibRegistry.sqlite3', 10],
    ['obs_test/data/input/calibRegistry.sqlite3', 5],
  ];
  for (const [rel, minIndexed] of cases) {
    it(rel, () => {
      const { session, plain, indexed, close } = pair(fixture(rel));
      try {
        let queries = 0;
        for (const table of plain.calibTables()) {
          const detector = table.shape.ccd ?? table.shape.detector;
          const keys = [...(detector ? [detector] : []), ...(table.shape.filter ? [table.shape.filter] : [])];
          const rows = plain.queryDistinct({ tables: [table.name], select: [...keys, table.validStartColumn, table.validEndColumn] });
          const dates = new Set<string>();
          for (const r of rows) for (const c of [table.validStartColumn, table.validEndColumn]) if (typeof r[c] === 'string') dates.add(String(r[c]));
          const values = [...dates].flatMap((d) => [d, `${d}T12:00:00`, `${d.slice(0, 4)}-00`, `${d}~`]).concat(['1900-01-01', '3000-01-01']);
          for (const r of rows.slice(0, 40)) {
            const where = Object.fromEntries(keys.map((k) => [k, r[k]!]));
            for (const value of values.slice(0, 60)) {
              const query: Gen2DistinctQuery = { tables: [table.name], select: table.shape.calibDate ? [table.shape.calibDate] : [table.validStartColumn], where, range: { value, startColumn: table.validStartColumn, endColumn: table.validEndColumn } };
              expect(session.queryDistinct(query), JSON.stringify(query)).toEqual(plain.queryDistinct(query));
              queries++;
            }
          }
        }
        expect(queries).toBeGreaterThan(minIndexed);
        expect(indexed()).toBeGreaterThan(minIndexed);
      } finally {
        close();
      }
    });
  }
});

describe('validity lookups: SQLite answers whatever the index cannot compare exactly', () => {
  const file = path.join(tmpDir(), 'calibRegistry.sqlite3');
  const db = new Database(file);
  db.exec(`
    CREATE TABLE bias (id integer primary key autoincrement, filter text, ccd int, calibDate text, validStart text, validEnd text, unique(filter, ccd, calibDate));
    CREATE TABLE textccd (ccd text, calibDate text, validStart text, validEnd text);
    CREATE TABLE nocase (filter text COLLATE NOCASE, calibDate text, validStart text, validEnd text);
    CREATE TABLE mixed (ccd int, calibDate text, validStart text, validEnd text);
  `);
  const bias = db.prepare('INSERT INTO bias (filter, ccd, calibDate, validStart, validEnd) VALUES (?, ?, ?, ?, ?)');
  // Inserted out of date order, two overlapping ranges for ccd 2: SQLite lists them in index order.
  bias.run('NONE', 2, '2020-03-05', '2020-03-04', '2020-03-08');
  bias.run('NONE', 2, '2020-03-01', '2020-02-28', '2020-03-05');
  bias.run('NONE', 1, '2020-03-01', '2020-02-28', '2020-03-03');
  bias.run('NONE', 1, '2020-03-03', '2020-03-03', null);
  db.prepare('INSERT INTO textccd VALUES (?, ?, ?, ?)').run('5', '2020-03-01', '2020-02-28', '2020-03-03');
  db.prepare('INSERT INTO nocase VALUES (?, ?, ?, ?)').run('HSC-I', '2020-03-01', '2020-02-28', '2020-03-03');
  const mixed = db.prepare('INSERT INTO mixed VALUES (?, ?, ?, ?)');
  mixed.run(1, '2020-03-01', '2020-02-28', '2020-03-03');
  mixed.run('one', '2020-03-02', '2020-02-28', '2020-03-03');
  db.close();
  const { session, plain, indexed, close } = pair(file);
  afterAll(close);
  const range = (value: string | number) => ({ value, startColumn: 'validStart', endColumn: 'validEnd' });
  const same = (query: Gen2DistinctQuery) => {
    const got = session.queryDistinct(query);
    expect(got).toEqual(plain.queryDistinct(query));
    return got;
  };

  it('answers single rows and empty results in memory; NULL bounds never match', () => {
    const before = indexed();
    expect(same({ tables: ['bias'], select: ['calibDate'], where: { ccd: 1, filter: 'NONE' }, range: range('2020-03-02') })).toEqual([{ calibDate: '2020-03-01' }]);
    expect(same({ tables: ['bias'], select: ['calibDate'], where: { ccd: 1 }, range: range('2020-03-03T01:00') })).toEqual([]);
    expect(same({ tables: ['bias'], select: ['calibDate'], where: { ccd: 3 }, range: range('2020-03-02') })).toEqual([]);
    expect(indexed() - before).toBe(3);
  });

  it('leaves several matching rows to SQLite (its order), and other binding types to its affinity rules', () => {
    const before = indexed();
    expect(same({ tables: ['bias'], select: ['calibDate'], where: { ccd: 2, filter: 'NONE' }, range: range('2020-03-04') })).toEqual([{ calibDate: '2020-03-01' }, { calibDate: '2020-03-05' }]);
    // a string for the INTEGER column: SQLite converts it
    expect(same({ tables: ['bias'], select: ['calibDate'], where: { ccd: '1' }, range: range('2020-03-02') })).toEqual([{ calibDate: '2020-03-01' }]);
    // a number for the range: numeric against text
    expect(same({ tables: ['bias'], select: ['calibDate'], where: { ccd: 1 }, range: range(20200302) })).toEqual([]);
    // a number against a TEXT column, a string against it
    same({ tables: ['textccd'], select: ['calibDate'], where: { ccd: 5 }, range: range('2020-03-02') });
    expect(same({ tables: ['textccd'], select: ['calibDate'], where: { ccd: '5' }, range: range('2020-03-02') })).toEqual([{ calibDate: '2020-03-01' }]);
    // a NOCASE column, and an INTEGER column holding text
    expect(same({ tables: ['nocase'], select: ['calibDate'], where: { filter: 'hsc-i' }, range: range('2020-03-02') })).toEqual([{ calibDate: '2020-03-01' }]);
    expect(same({ tables: ['mixed'], select: ['calibDate'], where: { ccd: 1 }, range: range('2020-03-02') })).toEqual([{ calibDate: '2020-03-01' }]);
    expect(indexed() - before).toBe(1); // only the string against the TEXT column

  });

  it('still rejects unknown columns and bad values as SQLite queries do', () => {
    expect(() => session.queryDistinct({ tables: ['bias'], select: ['calibDate'], where: { nope: 1 }, range: range('2020-03-02') })).toThrow('where: no column "nope" in table bias');
    expect(() => session.queryDistinct({ tables: ['bias'], select: ['calibDate'], where: { ccd: Number.NaN }, range: range('2020-03-02') })).toThrow('where ccd: value must be a string or a finite number');
  });

  it('knows the affinities it can compare', () => {
    expect(['int', 'INTEGER', 'bigint', 'text', 'VARCHAR(10)', 'double', 'real', '', 'numeric'].map(indexedAffinity)).toEqual(['integer', 'integer', 'integer', 'text', 'text', undefined, undefined, undefined, undefined]);
    expect(ValidityIndex.build([[Buffer.from('x'), 1, '2020-01-01', '2020-02-01']], 1, ['integer'])).toBeUndefined();
    expect(ValidityIndex.build([['a', 1, '2020-01-01', '\uE000']], 1, ['integer'])).toBeUndefined();
  });
});
