import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BindValues } from '../../../../src/gen3/query/bind-value.js';
import { dimensionTableMapper } from '../../../../src/gen3/query/column-mapper.js';
import { matches, recordLookup } from '../../../../src/gen3/query/evaluator.js';
import { resolveExpression } from '../../../../src/gen3/query/resolver.js';
import { compilePredicate, rawPredicate, whereCallback } from '../../../../src/gen3/query/sql-compiler.js';
import { universeV8 } from '../../../../src/gen3/query/universe-v8.js';
import { fixtureMapper, fixtureQuery, fixtureRecords, openFixtureDatabase, rowKey } from './query-fixture.js';

let db: Knex;
beforeAll(async () => {
  db = await openFixtureDatabase();
});
afterAll(async () => {
  await db.destroy();
});

interface Case {
  where: string;
  expected: string[];
  bind?: BindValues;
}

async function select(where: string, withDetector: boolean, bind?: BindValues): Promise<{ sql: string[]; memory: string[] }> {
  const dimensions = withDetector ? ['exposure', 'detector'] : ['exposure'];
  const { predicate } = resolveExpression(where, { universe: universeV8, dimensions, ...(bind ? { bind } : {}) });
  const rows = (await fixtureQuery(db, withDetector).where(whereCallback(predicate, fixtureMapper))) as { e: number; d?: number }[];
  const sql = rows.map(rowKey).sort();
  const memory = fixtureRecords(withDetector)
    .filter((r) => matches(predicate, recordLookup(r.record)))
    .map((r) => r.key)
    .sort();
  return { sql, memory };
}

describe('compilePredicate', () => {
  it('emits placeholders only: identifiers as ??, values as ?', () => {
    const { predicate } = resolveExpression("instrument='HSC' AND visit IN (903334, 903336) AND detector > 10 AND visit.name != 'x'' OR 1=1 --'", {
      universe: universeV8,
    });
    const fragment = compilePredicate(predicate, dimensionTableMapper(universeV8));
    expect(fragment.sql).toBe('((?? = ?) AND (?? IN (CAST(? AS BIGINT), CAST(? AS BIGINT))) AND (?? > CAST(? AS BIGINT)) AND (?? <> ?))');
    expect(fragment.bindings).toEqual(['instrument.name', 'HSC', 'visit.id', 903334n, 903336n, 'detector.id', 10n, 'visit.name', "x' OR 1=1 --"]);
  });

  it('maps band through physical_filter, via-references to the element table, and uses raw columns verbatim', () => {
    const { predicate } = resolveExpression("band = 'r' AND visit.day_obs = 20180920 AND exposure.timespan OVERLAPS (NULL, T'2020-01-01')", { universe: universeV8 });
    const mapper = dimensionTableMapper(universeV8, { exposure: 'e' });
    expect(compilePredicate(predicate, mapper)).toEqual({
      sql: '((?? = ?) AND (?? = CAST(? AS BIGINT)) AND (?? < CAST(? AS BIGINT) AND CAST(? AS BIGINT) < ??))',
      bindings: ['physical_filter.band', 'r', 'visit.day_obs', 20180920n, 'e.timespan_begin', 1577836837000000000n, 0n, 'e.timespan_end'],
    });
    const pg = { ...mapper, timespan: () => ({ lower: { raw: 'lower("e"."timespan")' }, upper: { raw: 'upper("e"."timespan")' } }) };
    expect(compilePredicate(predicate, pg).sql).toBe(
      '((?? = ?) AND (?? = CAST(? AS BIGINT)) AND (lower("e"."timespan") < CAST(? AS BIGINT) AND CAST(? AS BIGINT) < upper("e"."timespan")))',
    );
  });

  it('compiles large ranges to BETWEEN with a stride test, floats with a cast, and guards division', () => {
    const { predicate } = resolveExpression('visit IN (1..1000000:7) AND visit / 2 > 1.5 AND visit % 0 = 1', { universe: universeV8, rangeExpansionLimit: 10 });
    expect(compilePredicate(predicate, dimensionTableMapper(universeV8))).toEqual({
      sql:
        '(((?? BETWEEN CAST(? AS BIGINT) AND CAST(? AS BIGINT) AND (?? - CAST(? AS BIGINT)) % CAST(? AS BIGINT) = 0)) AND ' +
        '((?? / NULLIF(CAST(? AS BIGINT), 0)) > CAST(? AS DOUBLE PRECISION)) AND ((?? % NULLIF(CAST(? AS BIGINT), 0)) = CAST(? AS BIGINT)))',
      bindings: ['visit.id', 1n, 1000000n, 'visit.id', 1n, 7n, 'visit.id', 2n, 1.5, 'visit.id', 0n, 1n],
    });
  });

  it('builds knex raw fragments', () => {
    const { predicate } = resolveExpression("instrument = 'HSC' AND exposure.can_see_sky = TRUE_FLAG", { universe: universeV8, bind: { TRUE_FLAG: true } });
    const raw = rawPredicate(db, predicate, dimensionTableMapper(universeV8));
    expect(raw.toSQL().sql).toBe('((`instrument`.`name` = ?) AND (`exposure`.`can_see_sky` = TRUE))');
  });
});

describe('SQL on SQLite agrees with the expected rows and with evaluate()', () => {
  const exposureCases: Case[] = [
    { where: 'day_obs=20180920 AND seq_num=65', expected: ['903334'] },
    { where: "band = 'i'", expected: ['903336', '903338', '903340'] },
    { where: "physical_filter = 'HSC-R'", expected: ['903332', '903334'] },
    { where: "instrument = 'LSSTCam-imSim' AND exposure > 2020010200001", expected: ['2020010200002'] },
    { where: 'exposure IN (903330..903340:4)', expected: ['903334', '903338'] },
    { where: 'exposure NOT IN (903330..903340:4)', expected: ['2020010200001', '2020010200002', '903332', '903336', '903340'] },
    { where: 'exposure.seq_num = NULL', expected: ['903338'] },
    { where: 'NOT exposure.seq_num > 64', expected: ['2020010200001', '2020010200002', '903332'] },
    { where: 'exposure.seq_num IN (65, NULL)', expected: ['903334', '903338'] },
    { where: 'exposure.can_see_sky', expected: ['2020010200001', '903332', '903334', '903338'] },
    { where: 'NOT exposure.can_see_sky', expected: ['2020010200002', '903340'] },
    { where: 'exposure.can_see_sky = :flag', expected: ['2020010200002', '903340'], bind: { flag: false } },
    { where: 'exposure.exposure_time / 2.0 > 14', expected: ['2020010200001', '2020010200002', '903332', '903334', '903336'] },
    { where: "exposure % 2 = 0 AND exposure / 2 = 451667 AND instrument = 'HSC'", expected: ['903334'] },
    { where: 'exposure / 0 = 1 OR exposure % 0 = 1', expected: [] },
    { where: "exposure.obs_id = :obs", expected: ['903336'], bind: { obs: 'HSCA903336' } },
    { where: "exposure.timespan OVERLAPS (T'2018-09-20T10:05:10', T'2018-09-20T10:10:10')", expected: ['903334', '903336'] },
    { where: "exposure.timespan OVERLAPS (T'2018-09-20 10:05:30', NULL) AND instrument = 'HSC'", expected: ['903336', '903338'] },
    { where: "T'2018-09-20T10:05:10' OVERLAPS exposure.timespan", expected: ['903334'] },
    { where: "T'2018-09-20T10:05:10' OVERLAPS :span", expected: ['2020010200001', '2020010200002', '903332', '903334', '903336', '903338', '903340'], bind: { span: { begin: null, end: null } } },
    { where: "exposure.timespan OVERLAPS (T'2018-09-20T10:05:00', T'2018-09-20T10:05:00')", expected: ['903334'] },
    { where: "exposure.timespan OVERLAPS (T'2018-09-20T10:05:10', T'2018-09-20T10:05:00')", expected: [] },
    { where: "exposure.timespan.begin IN (T'2018-09-20T10:00:00', T'2018-09-20T10:05:00')", expected: ['903332', '903334'] },
    { where: "exposure.timespan.begin >= T'mjd/58850.0/tai'", expected: ['2020010200001', '2020010200002'] },
    // As in daf_butler, the bounds of a NULL timespan read as 0.
    { where: "exposure.timespan.end <= T'2018-09-20T10:00:30'", expected: ['903332', '903340'] },
    { where: 'exposure.timespan = NULL', expected: ['903340'] },
    { where: 'exposure.timespan OVERLAPS :night', expected: ['903338'], bind: { night: { begin: new Date('2018-09-21T00:00:00Z'), end: new Date('2018-09-22T00:00:00Z') } } },
    { where: "(exposure.seq_num < 65) = (band = 'r')", expected: ['2020010200001', '2020010200002', '903332', '903336', '903340'] },
    { where: '', expected: ['2020010200001', '2020010200002', '903332', '903334', '903336', '903338', '903340'] },
  ];
  it.each(exposureCases)('exposures where $where', async ({ where, expected, bind }) => {
    const { sql, memory } = await select(where, false, bind);
    expect(sql).toEqual([...expected].sort());
    expect(memory).toEqual(sql);
  });

  const dataIdCases: Case[] = [
    {
      where: "instrument='HSC' AND exposure IN (903334, 903336) AND detector > 10",
      expected: ['903334/11', '903334/16', '903334/50', '903336/11', '903336/16', '903336/50'],
    },
    { where: "detector.purpose = 'FOCUS' AND day_obs = 20180921", expected: ['903338/50', '903340/50'] },
    { where: "detector.raft = 'R22' OR detector.full_name IN ('1_53', '0_20') AND band = 'r'", expected: ['2020010200001/94', '2020010200002/94', '903332/0', '903332/50', '903334/0', '903334/50'] },
    { where: 'detector.raft != NULL AND exposure.seq_num = 2', expected: ['2020010200002/10', '2020010200002/94'] },
    { where: 'detector IN (:ids) AND exposure = 903332', expected: ['903332/0', '903332/9'], bind: { ids: [0, 9] } },
  ];
  it.each(dataIdCases)('exposure × detector where $where', async ({ where, expected, bind }) => {
    const { sql, memory } = await select(where, true, bind);
    expect(sql).toEqual([...expected].sort());
    expect(memory).toEqual(sql);
  });
});
