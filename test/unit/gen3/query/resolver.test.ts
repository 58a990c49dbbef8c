import { describe, expect, it } from 'vitest';
import type { BindValues } from '../../../../src/gen3/query/bind-value.js';
import { QuerySemanticError, QuerySyntaxError } from '../../../../src/gen3/query/errors.js';
import { extractGovernorConstraints, requireGovernorConstraints, unconstrainedGovernors } from '../../../../src/gen3/query/governors.js';
import { elementsOf } from '../../../../src/gen3/query/query-universe.js';
import type { Predicate } from '../../../../src/gen3/query/resolved.js';
import { expandRange, rangeSize } from '../../../../src/gen3/query/resolved.js';
import type { ResolveOptions } from '../../../../src/gen3/query/resolver.js';
import { resolveExpression } from '../../../../src/gen3/query/resolver.js';
import { universeV8 } from '../../../../src/gen3/query/universe-v8.js';

function resolve(text: string, options: Partial<ResolveOptions> = {}): Predicate {
  return resolveExpression(text, { universe: universeV8, ...options }).predicate;
}

function errorOf(text: string, options: Partial<ResolveOptions> = {}): QuerySemanticError {
  try {
    resolve(text, options);
  } catch (e) {
    if (e instanceof QuerySemanticError) return e;
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

describe('resolveExpression: identifiers', () => {
  it('maps bare dimension names to their primary keys', () => {
    expect(resolve('visit = 903334')).toMatchObject({
      kind: 'compare',
      op: '=',
      lhs: { kind: 'column', ref: { kind: 'dimension', dimension: 'visit' }, type: 'int' },
      rhs: { kind: 'literal', value: 903334, type: 'int' },
    });
    expect(resolve("instrument = 'HSC'")).toMatchObject({ lhs: { ref: { kind: 'dimension', dimension: 'instrument' }, type: 'string' } });
    expect(resolve("physical_filter = 'HSC-R'")).toMatchObject({ lhs: { ref: { kind: 'dimension', dimension: 'physical_filter' }, type: 'string' } });
    expect(resolve("band = 'r'")).toMatchObject({ lhs: { ref: { kind: 'dimension', dimension: 'band' }, type: 'string' } });
    expect(resolve('day_obs = 20180920')).toMatchObject({ lhs: { ref: { kind: 'dimension', dimension: 'day_obs' }, type: 'int' } });
    expect(resolve('Visit = 1')).toMatchObject({ lhs: { ref: { kind: 'dimension', dimension: 'visit' } } });
  });

  it('maps element.key and element.<dimension> to dimension values', () => {
    expect(resolve('visit.id = 1')).toMatchObject({ lhs: { ref: { kind: 'dimension', dimension: 'visit' } } });
    expect(resolve('visit.day_obs = 20180920')).toMatchObject({ lhs: { ref: { kind: 'dimension', dimension: 'day_obs', via: 'visit' }, type: 'int' } });
    expect(resolve("exposure.instrument = 'HSC'")).toMatchObject({ lhs: { ref: { kind: 'dimension', dimension: 'instrument', via: 'exposure' } } });
    expect(resolve("physical_filter.band = 'r'")).toMatchObject({ lhs: { ref: { kind: 'dimension', dimension: 'band', via: 'physical_filter' } } });
  });

  it('maps element fields with their types', () => {
    expect(resolve('exposure.seq_num = 65')).toMatchObject({ lhs: { ref: { kind: 'field', element: 'exposure', field: 'seq_num' }, type: 'int' } });
    expect(resolve("detector.full_name = '1_53'")).toMatchObject({ lhs: { ref: { kind: 'field', element: 'detector', field: 'full_name' }, type: 'string' } });
    expect(resolve('exposure.exposure_time > 29.5')).toMatchObject({ lhs: { type: 'float' }, rhs: { type: 'float', value: 29.5 } });
    expect(resolve("visit.timespan.begin > T'2020-03-30 12:20:33'")).toMatchObject({
      lhs: { ref: { kind: 'timespanBound', element: 'visit', bound: 'begin' }, type: 'datetime' },
      rhs: { type: 'datetime', value: 1585570870000000000n },
    });
    expect(resolve('exposure.can_see_sky')).toMatchObject({ kind: 'isTrue', operand: { type: 'bool' } });
    expect(resolve('NOT exposure.has_simulated')).toMatchObject({ kind: 'not', operand: { kind: 'isTrue' } });
  });

  it('resolves unqualified fields within the query dimensions, and reports ambiguity', () => {
    expect(resolve('day_obs=20180920 AND seq_num=65', { dimensions: ['exposure'] })).toMatchObject({
      kind: 'and',
      operands: [{ lhs: { ref: { kind: 'dimension', dimension: 'day_obs' } } }, { lhs: { ref: { kind: 'field', element: 'exposure', field: 'seq_num' } } }],
    });
    expect(resolve("raft = 'R22'", { dimensions: ['detector'] })).toMatchObject({ lhs: { ref: { kind: 'field', element: 'detector', field: 'raft' } } });
    expect(errorOf('day_obs=20180920 AND seq_num=65').message).toBe(
      "error at column 22: ambiguous identifier 'seq_num' matches 'exposure.seq_num', 'visit.seq_num'; qualify it",
    );
    expect(errorOf("raft = 'R22'", { dimensions: ['visit'] }).message).toBe("error at column 1: unknown identifier 'raft'");
  });

  it('lists the elements visible to a query', () => {
    expect(elementsOf(universeV8, ['exposure']).sort()).toEqual(['band', 'day_obs', 'exposure', 'group', 'instrument', 'physical_filter']);
    expect(elementsOf(universeV8, ['visit', 'exposure'])).toContain('visit_definition');
  });

  it('names close candidates for unknown identifiers', () => {
    expect(errorOf('vist = 1').message).toBe("error at column 1: unknown identifier 'vist'; did you mean 'visit'?");
    expect(errorOf("instrument = 'HSC' AND detectr > 10").message).toBe("error at column 24: unknown identifier 'detectr'; did you mean 'detector'?");
    expect(errorOf('visit.dayobs = 1').message).toBe(
      "error at column 1: unknown field 'dayobs' of 'visit'; did you mean 'day_obs'? (fields: id, instrument, day_obs, physical_filter, name, seq_num, exposure_time, target_name, observation_reason, science_program, azimuth, zenith_angle, region, timespan)",
    );
    expect(errorOf('vsit.day_obs = 1').message).toBe("error at column 1: unknown dimension element 'vsit' in 'vsit.day_obs'; did you mean 'visit'?");
    expect(errorOf('visit.timespan.middle > 1').message).toBe("error at column 1: unknown identifier 'visit.timespan.middle'; only <element>.timespan.begin/end have three parts");
    expect(errorOf('zzz = 1').message).toBe("error at column 1: unknown identifier 'zzz'");
  });
});

describe('resolveExpression: types', () => {
  const cases: [string, string][] = [
    ["visit = 'abc'", "error at column 1: cannot compare visit (int) with 'abc' (string)"],
    ['instrument = 5', 'error at column 1: cannot compare instrument (string) with 5 (int)'],
    ["visit.timespan.begin > '2020-01-01'", "error at column 1: cannot compare visit.timespan.begin (datetime) with '2020-01-01' (string) (write times as T'...')"],
    ["visit + 'a' > 1", "error at column 9: operator '+' needs numbers, but 'a' (string) is not a number"],
    ['exposure.exposure_time % 2 = 0', "error at column 1: operator '%' needs integers, found exposure.exposure_time (float) and 2 (int)"],
    ["band IN (1, 'r')", 'error at column 10: IN list item 1 (int) does not match band (string)'],
    ["band IN ('a'..'b')", "syntax error at column 13: expected ')' or ',' in the IN list, found '..'"],
    ['physical_filter IN (1..3)', 'error at column 21: integer range 1..3 cannot match physical_filter (string)'],
    ['NULL < visit', "error at column 1: NULL can only be compared with = or !=, not '<'"],
    ['visit = 1 + NULL', 'error at column 13: NULL can only be compared with = or != (or be an unbounded end of a timespan)'],
    ['visit.timespan = 5', 'error at column 1: visit.timespan is a timespan; timespans can only be used with OVERLAPS and IN'],
    ['visit OVERLAPS 5', 'error at column 1: OVERLAPS needs a timespan (an element\'s timespan or a (begin, end) tuple), found visit (int)'],
    ["(T'2020-01-01', 5) OVERLAPS visit.timespan", "error at column 17: timespan bounds must be time literals (T'...'), time binds or NULL, found 5 (int)"],
    ["(T'2020-01-01', visit.timespan.end) OVERLAPS visit.timespan", "error at column 17: timespan bounds must be time literals (T'...'), time binds or NULL, found visit.timespan.end (datetime)"],
    ["visit.timespan IN (T'2020-01-01', T'2020-01-02')", 'error at column 1: visit.timespan is a timespan; IN tests membership in a list of values, use OVERLAPS for timespans'],
    ['visit * 1.5 > 3', "error at column 1: operator '*' needs operands of one type, found visit (int) and 1.5 (float)"],
    ['visit IN (5..1)', 'error at column 11: range 5..1 ends before it starts'],
    ["visit.region OVERLAPS tract.region", 'error at column 1: visit.region is a region; spatial constraints are not supported'],
    ['POINT(1, 2) IN (region1)', 'error at column 1: function POINT() is not supported (no spatial or UUID functions in gen2to3 expressions)'],
    ['visit', 'error at column 1: expected a condition (a comparison, IN, OVERLAPS, AND/OR/NOT), found visit (int)'],
    ["visit = 1 AND 'x'", "error at column 15: expected a condition (a comparison, IN, OVERLAPS, AND/OR/NOT), found 'x' (string)"],
    ['exposure.can_see_sky > exposure.has_simulated', "error at column 1: booleans can only be compared with = or !=, not '>'"],
    ['visit = 99999999999999999999', 'error at column 9: integer 99999999999999999999 is too large'],
  ];
  it.each(cases)('%s', (text, message) => {
    let error: unknown;
    try {
      resolve(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(text.includes("'a'..") ? QuerySyntaxError : QuerySemanticError);
    expect((error as Error).message).toBe(message);
  });

  it('accepts numeric mixes, boolean comparisons and NULL tests', () => {
    expect(resolve('exposure.exposure_time > 30')).toMatchObject({ kind: 'compare' });
    expect(resolve('visit / 2 * 3 > -3.5')).toMatchObject({ lhs: { type: 'int', lhs: { type: 'int', op: '/' } }, rhs: { value: -3.5 } });
    expect(resolve('(visit < 3) = (detector > 2)')).toMatchObject({ kind: 'compare', lhs: { kind: 'predicateValue', type: 'bool' } });
    expect(resolve('exposure.seq_num = NULL')).toMatchObject({ kind: 'isNull', operand: { ref: { field: 'seq_num' } } });
    expect(resolve('NULL != exposure.seq_num')).toMatchObject({ kind: 'not', operand: { kind: 'isNull' } });
    expect(resolve('exposure.timespan = NULL')).toMatchObject({ kind: 'isNull', operand: { kind: 'timespanColumn', element: 'exposure' } });
    expect(resolve('visit IN (1, NULL)')).toMatchObject({ kind: 'in', includesNull: true, values: [{ value: 1 }] });
  });

  it('resolves timespan operators', () => {
    expect(resolve("exposure.timespan OVERLAPS (T'2020-01-01', NULL)")).toMatchObject({
      kind: 'overlaps',
      lhs: { kind: 'timespanColumn', element: 'exposure' },
      rhs: { kind: 'timespanBounds', lower: { value: 1577836837000000000n }, upper: { value: 4102444800000000000n } },
    });
    // IN is membership, also for times (daf_butler's query system; its older docs described containment).
    expect(resolve("T'2020-01-01' IN (T'2019-01-01', T'2020-01-01')")).toMatchObject({ kind: 'in', values: [{ type: 'datetime' }, { type: 'datetime' }] });
    expect(resolve("T'2020-01-01' OVERLAPS visit.timespan")).toMatchObject({ kind: 'timeInTimespan' });
    // An empty literal timespan overlaps nothing: daf_butler normalises it to (max, min).
    expect(resolve("visit.timespan OVERLAPS (T'2020-01-02', T'2020-01-01')")).toMatchObject({
      rhs: { lower: { value: 4102444800000000000n }, upper: { value: 0n } },
    });
    // begin == end is padded to 1 ns, as daf_butler's Timespan does.
    expect(resolve("visit.timespan OVERLAPS (T'2020-01-01/tai', T'2020-01-01/tai')")).toMatchObject({
      rhs: { lower: { value: 1577836800000000000n }, upper: { value: 1577836800000000001n } },
    });
  });
});

describe('resolveExpression: ranges and binds', () => {
  it('expands small ranges with strides and keeps large ones', () => {
    expect(resolve('visit IN (100, 110, 130..145:5)')).toMatchObject({ kind: 'in', values: [100, 110, 130, 135, 140, 145].map((value) => ({ value })), ranges: [] });
    expect(resolve('visit IN (-10..-1:2)')).toMatchObject({ values: [-10, -8, -6, -4, -2].map((value) => ({ value })) });
    expect(resolve('visit IN (1..10:3)', { rangeExpansionLimit: 2 })).toMatchObject({ values: [], ranges: [{ from: 1, to: 10, stride: 3 }] });
    expect(expandRange({ from: 1, to: 10, stride: 3 })).toEqual([1, 4, 7, 10]);
    expect(rangeSize({ from: 1, to: 10, stride: 3 })).toBe(4);
    expect(rangeSize({ from: 3, to: 1, stride: 1 })).toBe(0);
  });

  it('substitutes :name and bare-name binds with type checks', () => {
    const bind: BindValues = {
      instrument_name: 'HSC',
      visit_id: 903334,
      visit_ids: [903334, 903336],
      bands: ['g', 'r', null],
      t0: new Date('2020-01-01T00:00:00Z'),
      t1: { tai: 1577836800000000000n },
      span: { begin: { tai: 1577836800000000000n }, end: null },
      flag: true,
      big: 2020010200001n,
      ratio: 0.5,
    };
    expect(resolve('instrument = instrument_name AND visit = visit_id', { bind })).toMatchObject({
      operands: [{ rhs: { kind: 'literal', value: 'HSC', type: 'string' } }, { rhs: { value: 903334, type: 'int' } }],
    });
    expect(resolve('instrument = :instrument_name AND visit IN (:visit_ids)', { bind })).toMatchObject({
      operands: [{ rhs: { value: 'HSC' } }, { kind: 'in', values: [{ value: 903334 }, { value: 903336 }] }],
    });
    expect(resolve('band IN (:bands)', { bind })).toMatchObject({ kind: 'in', values: [{ value: 'g' }, { value: 'r' }], includesNull: true });
    expect(resolve('visit.timespan.begin > :t0', { bind })).toMatchObject({ rhs: { value: 1577836837000000000n, type: 'datetime' } });
    expect(resolve('visit.timespan.begin > :t1', { bind })).toMatchObject({ rhs: { value: 1577836800000000000n } });
    expect(errorOf("T'2020-01-01' IN (:span)", { bind }).message).toBe(
      'error at column 19: :span is a timespan; IN tests membership in a list of values, use OVERLAPS for timespans',
    );
    expect(resolve('visit.timespan OVERLAPS :span', { bind })).toMatchObject({ rhs: { kind: 'timespanBounds', upper: { value: 4102444800000000000n } } });
    expect(resolve('exposure.can_see_sky = :flag', { bind })).toMatchObject({ rhs: { value: true, type: 'bool' } });
    expect(resolve('exposure = :big', { bind })).toMatchObject({ rhs: { value: 2020010200001n, type: 'int' } });
    expect(resolve('exposure.exposure_time * :ratio > 1', { bind })).toMatchObject({ lhs: { type: 'float' } });

    expect(errorOf('visit = :visitid', { bind }).message).toBe("error at column 9: no value bound for :visitid; did you mean 'visit_id' or 'visit_ids'?");
    expect(errorOf('visit = :instrument_name', { bind }).message).toBe("error at column 1: cannot compare visit (int) with :instrument_name (string)");
    expect(errorOf('visit = :visit_ids', { bind }).message).toBe('error at column 9: :visit_ids is bound to a list; lists are only allowed inside IN (...)');
    expect(errorOf('visit IN (:mixed)', { bind: { mixed: [1, 'a'] } }).message).toBe("error at column 11: bind value 'mixed' mixes types (number, string)");
    expect(errorOf('visit = :nan', { bind: { nan: Number.NaN } }).message).toBe("error at column 9: bind value 'nan' is not a finite number");
  });
});

describe('extractGovernorConstraints', () => {
  const governors = (text: string): unknown => extractGovernorConstraints(resolve(text), universeV8);

  it('collects equality and IN constraints from top-level AND terms', () => {
    expect(governors("instrument='HSC' AND visit IN (903334, 903336) AND detector > 10")).toEqual({ instrument: ['HSC'] });
    expect(governors("'HSC' = instrument")).toEqual({ instrument: ['HSC'] });
    expect(governors("instrument IN ('HSC', 'LSSTCam') AND skymap = 'rings'")).toEqual({ instrument: ['HSC', 'LSSTCam'], skymap: ['rings'] });
    expect(governors("(instrument = 'HSC' OR instrument = 'DECam') AND visit = 1")).toEqual({ instrument: ['DECam', 'HSC'] });
    expect(governors("instrument IN ('HSC', 'DECam') AND instrument = 'HSC'")).toEqual({ instrument: ['HSC'] });
    expect(governors("visit.instrument = 'HSC'")).toEqual({ instrument: ['HSC'] });
  });

  it('ignores terms that do not bound a governor', () => {
    expect(governors('day_obs=20180920 AND exposure.seq_num=65')).toEqual({});
    expect(governors("instrument = 'HSC' OR visit = 1")).toEqual({});
    expect(governors("NOT instrument = 'HSC'")).toEqual({});
    expect(governors("instrument != 'HSC'")).toEqual({});
    expect(governors("(instrument = 'HSC' OR skymap = 'x')")).toEqual({});
    expect(extractGovernorConstraints({ kind: 'constant', value: true }, universeV8)).toEqual({});
  });
});

describe('unconstrainedGovernors / requireGovernorConstraints', () => {
  const missing = (text: string, defaults: string[] = []): string[] =>
    unconstrainedGovernors(resolve(text), universeV8, defaults).map((m) => `${m.governor} for ${text.slice(m.reference.start, m.reference.end)}`);

  it('asks for the governor of dimension values and alternate keys, as daf_butler does', () => {
    expect(missing('day_obs=20180920 AND exposure.seq_num=65')).toEqual(['instrument for day_obs']);
    expect(missing("detector.full_name = '1_53'")).toEqual(['instrument for detector.full_name']);
    expect(missing('tract = 9813 AND patch IN (1, 2)')).toEqual(['skymap for tract']);
    expect(missing("physical_filter='Cam1-G'")).toEqual(['instrument for physical_filter']);
  });

  it('is satisfied by any mention of the governor, by defaults, and ignores metadata fields and band', () => {
    expect(missing("instrument='HSC' AND day_obs=20180920")).toEqual([]);
    expect(missing("(instrument='HSC' OR visit = 1) AND day_obs=20180920")).toEqual([]);
    expect(missing('day_obs=20180920', ['instrument'])).toEqual([]);
    expect(missing('exposure.seq_num = 65 AND exposure.exposure_time > 1.0')).toEqual([]);
    expect(missing("band = 'r'")).toEqual([]);
  });

  it('throws a located error', () => {
    const text = "band = 'r' AND exposure IN (1, 2)";
    const resolved = resolveExpression(text, { universe: universeV8 });
    expect(() => requireGovernorConstraints(resolved, universeV8)).toThrow(
      "error at column 16: exposure depends on instrument, which the expression does not constrain (add instrument = '...' or give a default instrument)",
    );
    expect(() => requireGovernorConstraints(resolved, universeV8, ['instrument'])).not.toThrow();
  });
});
