import { describe, expect, it } from 'vitest';
import type { ExpressionNode } from '../../../../src/gen3/query/ast.js';
import { QuerySyntaxError } from '../../../../src/gen3/query/errors.js';
import { parseExpression } from '../../../../src/gen3/query/parser.js';
import { printExpression } from '../../../../src/gen3/query/printer.js';

/** The tree without source spans, for structural comparison. */
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'start' && k !== 'end').map(([k, v]) => [k, strip(v)]));
  }
  return node;
}

function parse(text: string): ExpressionNode {
  const tree = parseExpression(text);
  if (tree === undefined) throw new Error('empty');
  return tree;
}

/** daf_butler-test-style compact rendering: B(lhs op rhs), U(op x), IN(...), P(...), ID(x), N(x), S(x), T(x), R(a..b:s). */
function show(node: ExpressionNode): string {
  switch (node.kind) {
    case 'identifier':
      return `ID(${node.name})`;
    case 'bind':
      return `BIND(${node.name})`;
    case 'number':
      return `N(${node.text})`;
    case 'string':
      return `S(${node.value})`;
    case 'time':
      return `T(${node.text})`;
    case 'null':
      return 'NULL';
    case 'range':
      return `R(${node.from}..${node.to}${node.stride === undefined ? '' : `:${node.stride}`})`;
    case 'unary':
      return `U(${node.op} ${show(node.operand)})`;
    case 'binary':
      return `B(${show(node.lhs)} ${node.op} ${show(node.rhs)})`;
    case 'in':
      return `${node.negated ? '!IN' : 'IN'}(${show(node.operand)} (${node.items.map(show).join(', ')}))`;
    case 'parens':
      return `P(${show(node.expr)})`;
    case 'tuple':
      return `TUPLE(${node.items.map(show).join(', ')})`;
    case 'call':
      return `CALL(${node.name}: ${node.args.map(show).join(', ')})`;
  }
}

describe('parseExpression', () => {
  it('returns undefined for an empty or blank expression', () => {
    expect(parseExpression('')).toBeUndefined();
    expect(parseExpression('  \n\t ')).toBeUndefined();
  });

  it('parses literals', () => {
    expect(show(parse('1'))).toBe('N(1)');
    expect(show(parse('.5e-2'))).toBe('N(.5e-2)');
    expect(show(parse('1.e5/2'))).toBe('B(N(1.e5) / N(2))');
    expect(show(parse("'string'"))).toBe('S(string)');
    expect(show(parse('"double"'))).toBe('S(double)');
    expect(show(parse("'it''s'"))).toBe("S(it's)");
    expect(show(parse('null'))).toBe('NULL');
    expect(show(parse("T'51544.0'"))).toBe('T(51544.0)');
    expect(show(parse("t'2020-03-30T12:20:33'"))).toBe('T(2020-03-30T12:20:33)');
  });

  it('parses identifiers with up to two dots, binds and calls', () => {
    for (const id of ['visit', 'instrument', 'visit.day_obs', 'exposure.seq_num', 'detector.full_name', 'visit.timespan.begin', '_x1']) {
      expect(parse(id)).toMatchObject({ kind: 'identifier', name: id });
    }
    expect(parse(':visit_id')).toMatchObject({ kind: 'bind', name: 'visit_id' });
    expect(show(parse('f()'))).toBe('CALL(f: )');
    expect(show(parse("POINT(Object.ra, 0.0)"))).toBe('CALL(POINT: ID(Object.ra), N(0.0))');
  });

  it('treats keywords case-insensitively', () => {
    expect(show(parse('a and b Or NoT c'))).toBe('B(B(ID(a) AND ID(b)) OR U(NOT ID(c)))');
    expect(show(parse('visit Not In (1)'))).toBe('!IN(ID(visit) (N(1)))');
    expect(show(parse('x OVERLAPS y'))).toBe(show(parse('x overlaps y')));
  });

  it('applies daf_butler precedence', () => {
    expect(show(parse('a OR b AND c'))).toBe('B(ID(a) OR B(ID(b) AND ID(c)))');
    expect(show(parse('a AND b OR c'))).toBe('B(B(ID(a) AND ID(b)) OR ID(c))');
    expect(show(parse('NOT a = 1 AND b'))).toBe('B(U(NOT B(ID(a) = N(1))) AND ID(b))');
    expect(show(parse('NOT NOT a'))).toBe('U(NOT U(NOT ID(a)))');
    expect(show(parse('a + b * c - d'))).toBe('B(B(ID(a) + B(ID(b) * ID(c))) - ID(d))');
    expect(show(parse('a - b - c'))).toBe('B(B(ID(a) - ID(b)) - ID(c))');
    expect(show(parse('a % 2 = 1'))).toBe('B(B(ID(a) % N(2)) = N(1))');
    expect(show(parse('-a * b'))).toBe('B(U(- ID(a)) * ID(b))');
    expect(show(parse('- x.y'))).toBe('U(- ID(x.y))');
    expect(show(parse('+a'))).toBe('U(+ ID(a))');
    expect(show(parse('a + 1 IN (2, 3)'))).toBe('IN(B(ID(a) + N(1)) (N(2), N(3)))');
    expect(show(parse('a < b = c'))).toBe('B(B(ID(a) < ID(b)) = ID(c))');
    expect(show(parse('(a OR b) AND c'))).toBe('B(P(B(ID(a) OR ID(b))) AND ID(c))');
    expect(show(parse('(A or B) and not (x + 3 > y)'))).toBe('B(P(B(ID(A) OR ID(B))) AND U(NOT P(B(B(ID(x) + N(3)) > ID(y)))))');
  });

  it('parses comparison operators, with <> as !=', () => {
    for (const op of ['=', '!=', '<', '<=', '>', '>=']) expect(parse(`a ${op} 10`)).toMatchObject({ kind: 'binary', op });
    expect(parse('a <> 10')).toMatchObject({ kind: 'binary', op: '!=' });
  });

  it('parses IN lists with literals, binds, negative numbers and ranges', () => {
    expect(show(parse("a in (1,2,'X')"))).toBe('IN(ID(a) (N(1), N(2), S(X)))');
    expect(show(parse('10 not in (1000, 2000..3000:100)'))).toBe('!IN(N(10) (N(1000), R(2000..3000:100)))');
    expect(show(parse('10 in (-1000, -2000)'))).toBe('IN(N(10) (N(-1000), N(-2000)))');
    expect(show(parse('x in (1,2,5..15) AND y NOT IN (-100..100:10)'))).toBe('B(IN(ID(x) (N(1), N(2), R(5..15))) AND !IN(ID(y) (R(-100..100:10))))');
    expect(show(parse('x IN (-10 .. -1 : 2)'))).toBe('IN(ID(x) (R(-10..-1:2)))');
    expect(show(parse('visit IN (:visits, 5, other)'))).toBe('IN(ID(visit) (BIND(visits), N(5), ID(other)))');
    expect(show(parse("T'2020-01-01' in (T'2020-01-01', T'2020-01-02')"))).toBe('IN(T(2020-01-01) (T(2020-01-01), T(2020-01-02)))');
    expect(show(parse("(T'2020-01-01', t1) in (T'2020-01-01', t2)"))).toBe('IN(TUPLE(T(2020-01-01), ID(t1)) (T(2020-01-01), ID(t2)))');
  });

  it('parses tuples and OVERLAPS', () => {
    expect(show(parse("(T'2020-01-01', T'2022-01-01') OVERLAPS (T'2019-01-01', T'2021-01-01')"))).toBe(
      'B(TUPLE(T(2020-01-01), T(2022-01-01)) OVERLAPS TUPLE(T(2019-01-01), T(2021-01-01)))',
    );
    expect(show(parse('(interval.begin, interval.end) OVERLAPS interval_2'))).toBe('B(TUPLE(ID(interval.begin), ID(interval.end)) OVERLAPS ID(interval_2))');
    expect(show(parse('NOT (region_1 OVERLAPS region_2)'))).toBe('U(NOT P(B(ID(region_1) OVERLAPS ID(region_2))))');
    expect(show(parse('x+y Overlaps function(x-y)'))).toBe('B(B(ID(x) + ID(y)) OVERLAPS CALL(function: B(ID(x) - ID(y))))');
    expect(show(parse("exposure.timespan OVERLAPS (T'2020-01-01', NULL)"))).toBe('B(ID(exposure.timespan) OVERLAPS TUPLE(T(2020-01-01), NULL))');
  });

  it('records source spans', () => {
    const tree = parse("instrument = 'HSC' AND visit IN (1..5)");
    expect(tree).toMatchObject({ start: 0, end: 38, lhs: { start: 0, end: 18, rhs: { start: 13, end: 18 } }, rhs: { start: 23, end: 38, items: [{ start: 33, end: 37 }] } });
  });

  it('parses the examples of the ARCHITECTURE doc and of daf_butler\'s documentation', () => {
    const examples = [
      "instrument='HSC' AND visit IN (903334, 903336) AND detector > 10",
      'day_obs=20180920 AND seq_num=65',
      'visit > 100 AND visit < 200',
      'visit IN (100..200) AND tract = 500',
      "visit IN (100..200) AND visit NOT IN (159, 191) AND band = 'i'",
      '(visit = 100 OR visit = 101) AND exposure % 2 = 1',
      "visit.timespan.begin > T'2020-03-30 12:20:33'",
      "exposure.timespan.begin > T'58938.515'",
      "visit.timespan.end < T'mjd/58938.515/tai'",
      "ingest_date < T'2020-11-06 21:10:00'",
      'visit IN (100, 110, 130..145:5)',
      'visit Not In (100, 110, 130, 135, 140, 145)',
      "((instrument='HSC' AND detector != 9) OR instrument='CFHT') AND tract=8766 AND patch.cell_x > 5 AND patch.cell_y < 4 AND band='i'",
      'instrument = instrument_name AND visit = visit_id',
      'instrument = :instrument_name AND visit IN (:visit_ids)',
    ];
    for (const e of examples) expect(() => parse(e), e).not.toThrow();
    expect(show(parse(examples[0] as string))).toBe('B(B(B(ID(instrument) = S(HSC)) AND IN(ID(visit) (N(903334), N(903336)))) AND B(ID(detector) > N(10)))');
    expect(show(parse(examples[1] as string))).toBe('B(B(ID(day_obs) = N(20180920)) AND B(ID(seq_num) = N(65)))');
  });
});

describe('printExpression', () => {
  const cases: [string, string][] = [
    ['(a+b)', '(a + b)'],
    ["1 in (1,'x',3)", "1 IN (1, 'x', 3)"],
    ["a not   in (1,'x',3)", "a NOT IN (1, 'x', 3)"],
    ['(A or B) And NoT (x+3 > y)', '(A OR B) AND NOT (x + 3 > y)'],
    ['A in (100, 200..300:50)', 'A IN (100, 200..300:50)'],
    ["instrument='HSC' AND visit IN (903334, 903336) AND detector > 10", "instrument = 'HSC' AND visit IN (903334, 903336) AND detector > 10"],
    ['a <> b', 'a != b'],
    ['"it\'s"', "'it''s'"],
    ["t'2020-01-01'", "T'2020-01-01'"],
    ["(T'2020-01-01', null) overlaps exposure.timespan", "(T'2020-01-01', NULL) OVERLAPS exposure.timespan"],
    ['x in (-10..-1:2, :b, -3)', 'x IN (-10..-1:2, :b, -3)'],
    ['f(1, g(x))', 'f(1, g(x))'],
  ];
  it.each(cases)('prints %s as %s', (input, printed) => {
    expect(printExpression(parse(input))).toBe(printed);
  });

  it('round-trips: parse(print(tree)) equals tree', () => {
    const inputs = [
      ...cases.map(([i]) => i),
      'a OR b AND c',
      'NOT a = 1 AND b OR NOT (c OR d)',
      'a - (b - c) * -d % 3',
      'a < b = c',
      '(a < b) = (c > d)',
      '- -a',
      'a + 1 IN (2) = b',
    ];
    for (const input of inputs) {
      const tree = parse(input);
      expect(strip(parse(printExpression(tree))), input).toEqual(strip(tree));
    }
  });

  it('adds parentheses needed by trees built in code', () => {
    const a = { kind: 'identifier', name: 'a', start: 0, end: 0 } as const;
    const b = { kind: 'identifier', name: 'b', start: 0, end: 0 } as const;
    const or: ExpressionNode = { kind: 'binary', op: 'OR', lhs: a, rhs: b, start: 0, end: 0 };
    const and: ExpressionNode = { kind: 'binary', op: 'AND', lhs: or, rhs: a, start: 0, end: 0 };
    expect(printExpression(and)).toBe('(a OR b) AND a');
    const sub: ExpressionNode = { kind: 'binary', op: '-', lhs: a, rhs: { kind: 'binary', op: '-', lhs: a, rhs: b, start: 0, end: 0 }, start: 0, end: 0 };
    expect(printExpression(sub)).toBe('a - (a - b)');
  });
});

describe('syntax errors', () => {
  const cases: [string, string][] = [
    ["instrument='HSC' AND", 'syntax error at column 21: expected an expression after AND'],
    ["instrument='HSC' AND AND visit=1", 'syntax error at column 22: expected an expression after AND, found AND'],
    ['visit = ', "syntax error at column 9: expected an expression after '='"],
    ['visit IN 1, 2', "syntax error at column 10: expected '(' after IN (the list of an IN operator is always parenthesised), found '1'"],
    ['visit IN ()', 'syntax error at column 11: an IN list needs at least one item'],
    ['visit IN (1, 2', "syntax error at column 15: expected ')' or ',' in the IN list, found end of expression"],
    ['visit IN (1..)', "syntax error at column 14: expected the integer end of a range after '..'"],
    ['visit IN (1..5:0)', 'syntax error at column 16: range stride must be a positive integer, not 0'],
    ['visit IN (1.5..3)', "syntax error at column 11: range bounds and strides must be integers, not '1.5'"],
    ['visit IN (a + b)', 'syntax error at column 11: IN list items must be literals, ranges or bind names, not expressions'],
    ['visit NOT 5', "syntax error at column 11: expected IN after NOT, found '5'"],
    ['(visit = 1', "syntax error at column 11: expected ')' to match '(' at column 1, found end of expression"],
    ['visit = 1)', "syntax error at column 10: unexpected ')' after a complete expression (unbalanced)"],
    ["visit = 'HSC", "syntax error at column 9: unterminated string starting with '"],
    ['visit == 1', "syntax error at column 7: use '=' for equality, not '=='"],
    ['visit = 1 detector = 2', "syntax error at column 11: unexpected 'detector' after a complete expression (missing AND/OR or an operator before it?)"],
    ['(1, 2, 3)', 'syntax error at column 6: tuples have exactly two items (begin, end)'],
    ['\n(1\n,\n 2, 3)', 'syntax error at line 4, column 3: tuples have exactly two items (begin, end)'],
    ["T'not-a-time' < visit.timespan.begin", 'syntax error at column 1: invalid time literal: time string "not-a-time" does not match known formats'],
    ['visit.day_obs.x.y = 1', 'syntax error at column 16: identifiers have at most three dot-separated parts'],
    ['visit = 10..20', 'syntax error at column 11: range literals (a..b) are only allowed inside IN (...)'],
    ['f.ff()', "syntax error at column 5: function names cannot contain dots ('f.ff')"],
    ['visit # 3', "syntax error at column 7: unexpected character '#'"],
    ['visit = 12abc', "syntax error at column 11: unexpected character 'a' in number '12a'"],
    ['visit = !1', "syntax error at column 9: unexpected character '!' (use NOT for negation, != for inequality)"],
    ['point(1, 2) in region1', "syntax error at column 16: expected '(' after IN (the list of an IN operator is always parenthesised), found 'region1'"],
    ["T'2020-13-01'", 'syntax error at column 1: invalid time literal: time string "2020-13-01" has month 13 out of range'],
    ['()', 'syntax error at column 2: empty parentheses'],
    ['visit = NOT 1', 'syntax error at column 9: expected an expression after \'=\', found NOT'],
  ];
  it.each(cases)('%j', (input, message) => {
    let error: unknown;
    try {
      parseExpression(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect((error as QuerySyntaxError).message).toBe(message);
    expect((error as QuerySyntaxError).code).toBe('GEN3_QUERY_SYNTAX');
    expect((error as QuerySyntaxError).exitCode).toBe(2);
  });

  it('exposes the position of the error', () => {
    try {
      parseExpression('\n(1\n,\n 2, 3)');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ expression: '\n(1\n,\n 2, 3)', position: { offset: 8, line: 4, column: 3 }, detail: 'tuples have exactly two items (begin, end)' });
    }
  });
});
