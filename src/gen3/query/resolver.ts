/**
 * Semantic resolution of a parsed expression against a {@link QueryUniverse}: identifiers become
 * columns (a bare dimension name means its primary key, `visit.day_obs` the `day_obs` dimension as
 * recorded for the visit, `exposure.seq_num` a metadata field), binds are substituted, ranges expanded,
 * and types checked. The result is a {@link Predicate} for the SQL compiler and the evaluator.
 */
import type { ExpressionNode, Span } from './ast.js';
import type { BindValue, BindValues, ScalarBindValue } from './bind-value.js';
import { isTaiTime, isTimespanBind } from './bind-value.js';
import { QuerySemanticError } from './errors.js';
import { parseExpression } from './parser.js';
import type { QueryElement, QueryUniverse, ScalarType } from './query-universe.js';
import { elementsOf } from './query-universe.js';
import type { ColumnRef, IntegerRange, Predicate, TimespanExpr, ValueExpr } from './resolved.js';
import { expandRange, rangeSize } from './resolved.js';
import { didYouMean } from './suggest.js';
import { clampTai, TAI_MAX, TAI_MIN, taiFromDate } from './time-literal.js';

/** Options of {@link resolveExpression}. */
export interface ResolveOptions {
  /** The dimension universe identifiers are resolved against. */
  readonly universe: QueryUniverse;
  /** Values for `:name` (and bare `name`) binds. Default is none. */
  readonly bind?: BindValues;
  /**
   * Dimensions of the query; unqualified field names (`seq_num`) are looked up only in the elements
   * of these dimensions. Default is every element of the universe.
   */
  readonly dimensions?: readonly string[];
  /** Ranges with at most this many values become explicit values; larger ones stay ranges. Default is 100. */
  readonly rangeExpansionLimit?: number;
}

/** A parsed and resolved expression. */
export interface ResolvedExpression {
  /** The expression text. */
  readonly text: string;
  /** The syntax tree; `undefined` for an empty expression. */
  readonly tree: ExpressionNode | undefined;
  /** The condition; `{ kind: 'constant', value: true }` for an empty expression. */
  readonly predicate: Predicate;
}

type Resolved =
  | { readonly kind: 'value'; readonly expr: ValueExpr }
  | { readonly kind: 'predicate'; readonly predicate: Predicate; readonly span: Span }
  | { readonly kind: 'timespan'; readonly expr: TimespanExpr }
  | { readonly kind: 'null'; readonly span: Span }
  | { readonly kind: 'list'; readonly values: readonly ValueExpr[]; readonly includesNull: boolean; readonly span: Span };

/**
 * Parse and resolve a `--where` expression.
 *
 * @throws {@link QuerySyntaxError} for malformed text, {@link QuerySemanticError} for unknown names,
 * type mismatches and missing or ill-typed bind values.
 *
 * @example
 * resolveExpression("instrument='HSC' AND visit IN (903334..903338:2)", { universe: universeV8 }).predicate;
 */
export function resolveExpression(text: string, options: ResolveOptions): ResolvedExpression {
  const tree = parseExpression(text);
  if (tree === undefined) return { text, tree, predicate: { kind: 'constant', value: true } };
  return { text, tree, predicate: resolveTree(tree, text, options) };
}

/** Resolve an already parsed tree; `text` is the expression it came from (for error positions). */
export function resolveTree(tree: ExpressionNode, text: string, options: ResolveOptions): Predicate {
  const resolver = new Resolver(text, options);
  return resolver.toPredicate(resolver.resolve(tree), tree);
}

const NUMERIC: ReadonlySet<ScalarType> = new Set(['int', 'float']);

function comparable(a: ScalarType, b: ScalarType): boolean {
  return a === b || (NUMERIC.has(a) && NUMERIC.has(b));
}

/**
 * daf_butler's `Timespan(begin, end)`: begin == end is padded to a 1 ns span; begin > end is the empty
 * timespan, stored as (max, min) so that it overlaps nothing.
 */
function normaliseTimespan(lower: ValueExpr, upper: ValueExpr, span: Span): TimespanExpr {
  if (lower.kind === 'literal' && upper.kind === 'literal') {
    const a = lower.value as bigint;
    const b = upper.value as bigint;
    if (a === b) return { kind: 'timespanBounds', lower, upper: { ...upper, value: b + 1n }, ...span };
    if (a > b) return { kind: 'timespanBounds', lower: { ...lower, value: TAI_MAX }, upper: { ...upper, value: TAI_MIN }, ...span };
  }
  return { kind: 'timespanBounds', lower, upper, ...span };
}

function spanOfResolved(r: Resolved): Span {
  return r.kind === 'value' || r.kind === 'timespan' ? r.expr : r.span;
}

class Resolver {
  private readonly universe: QueryUniverse;
  private readonly bind: BindValues;
  private readonly visible: readonly string[];
  private readonly rangeLimit: number;

  constructor(
    private readonly text: string,
    options: ResolveOptions,
  ) {
    this.universe = options.universe;
    this.bind = options.bind ?? {};
    this.visible = options.dimensions === undefined ? [...options.universe.elements.keys()] : elementsOf(options.universe, options.dimensions);
    this.rangeLimit = options.rangeExpansionLimit ?? 100;
  }

  private fail(span: Span, detail: string): never {
    throw new QuerySemanticError(this.text, span.start, detail);
  }

  private source(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  private describe(r: Resolved): string {
    const src = this.source(spanOfResolved(r));
    switch (r.kind) {
      case 'value':
        return `${src} (${r.expr.type})`;
      case 'predicate':
        return `${src} (a condition)`;
      case 'timespan':
        return `${src} (a timespan)`;
      case 'null':
        return 'NULL';
      case 'list':
        return `${src} (a list)`;
    }
  }

  toPredicate(r: Resolved, node: Span): Predicate {
    if (r.kind === 'predicate') return r.predicate;
    if (r.kind === 'value' && r.expr.type === 'bool') {
      return r.expr.kind === 'predicateValue' ? r.expr.predicate : { kind: 'isTrue', operand: r.expr };
    }
    return this.fail(node, `expected a condition (a comparison, IN, OVERLAPS, AND/OR/NOT), found ${this.describe(r)}`);
  }

  private toValue(r: Resolved): ValueExpr {
    if (r.kind === 'value') return r.expr;
    if (r.kind === 'predicate') return { kind: 'predicateValue', predicate: r.predicate, type: 'bool', ...r.span };
    if (r.kind === 'null') return this.fail(r.span, 'NULL can only be compared with = or != (or be an unbounded end of a timespan)');
    if (r.kind === 'list') return this.fail(r.span, `${this.source(r.span)} is bound to a list; lists are only allowed inside IN (...)`);
    return this.fail(r.expr, `${this.source(r.expr)} is a timespan; timespans can only be used with OVERLAPS and IN`);
  }

  private toNumeric(r: Resolved, op: string): ValueExpr {
    const v = this.toValue(r);
    if (!NUMERIC.has(v.type)) this.fail(v, `operator '${op}' needs numbers, but ${this.describe(r)} is not a number`);
    return v;
  }

  private toTimespan(r: Resolved, what: string): TimespanExpr {
    if (r.kind === 'timespan') return r.expr;
    return this.fail(spanOfResolved(r), `${what} needs a timespan (an element's timespan or a (begin, end) tuple), found ${this.describe(r)}`);
  }

  resolve(node: ExpressionNode): Resolved {
    const span: Span = { start: node.start, end: node.end };
    switch (node.kind) {
      case 'number': {
        const isFloat = /[.eE]/.test(node.text);
        const value = Number(node.text);
        if (!isFloat && !Number.isSafeInteger(value)) return this.fail(node, `integer ${node.text} is too large`);
        return { kind: 'value', expr: { kind: 'literal', value, type: isFloat ? 'float' : 'int', ...span } };
      }
      case 'string':
        return { kind: 'value', expr: { kind: 'literal', value: node.value, type: 'string', ...span } };
      case 'time':
        return { kind: 'value', expr: { kind: 'literal', value: node.tai, type: 'datetime', ...span } };
      case 'null':
        return { kind: 'null', span };
      case 'range':
        return this.fail(node, 'range literals are only allowed inside IN (...)');
      case 'parens': {
        const inner = this.resolve(node.expr);
        return this.withSpan(inner, span);
      }
      case 'bind': {
        if (!Object.hasOwn(this.bind, node.name)) {
          return this.fail(node, `no value bound for :${node.name}${didYouMean(node.name, Object.keys(this.bind))}`);
        }
        return this.fromBind(this.bind[node.name] as BindValue, node.name, span);
      }
      case 'identifier':
        return this.resolveIdentifier(node.name, span);
      case 'call':
        return this.fail(node, `function ${node.name}() is not supported (no spatial or UUID functions in gen2to3 expressions)`);
      case 'tuple':
        return this.resolveTuple(node.items[0], node.items[1], span);
      case 'unary':
        return this.resolveUnary(node.op, this.resolve(node.operand), node.operand, span);
      case 'binary':
        return this.resolveBinary(node.op, node.lhs, node.rhs, span);
      case 'in':
        return this.resolveIn(node.operand, node.items, node.negated, span);
    }
  }

  private withSpan(r: Resolved, span: Span): Resolved {
    switch (r.kind) {
      case 'value':
        return { kind: 'value', expr: { ...r.expr, ...span } };
      case 'timespan':
        return { kind: 'timespan', expr: { ...r.expr, ...span } };
      default:
        return { ...r, span };
    }
  }

  private resolveUnary(op: '-' | '+' | 'NOT', operand: Resolved, node: ExpressionNode, span: Span): Resolved {
    if (op === 'NOT') return { kind: 'predicate', predicate: { kind: 'not', operand: this.toPredicate(operand, node) }, span };
    const value = this.toNumeric(operand, op);
    if (op === '+') return { kind: 'value', expr: { ...value, ...span } };
    if (value.kind === 'literal' && typeof value.value === 'number') {
      return { kind: 'value', expr: { kind: 'literal', value: -value.value, type: value.type, ...span } };
    }
    return { kind: 'value', expr: { kind: 'negate', operand: value, type: value.type === 'int' ? 'int' : 'float', ...span } };
  }

  private resolveBinary(op: string, lhsNode: ExpressionNode, rhsNode: ExpressionNode, span: Span): Resolved {
    const lhs = this.resolve(lhsNode);
    const rhs = this.resolve(rhsNode);
    switch (op) {
      case 'AND':
      case 'OR': {
        const kind = op === 'AND' ? 'and' : 'or';
        const operands = [this.toPredicate(lhs, lhsNode), this.toPredicate(rhs, rhsNode)].flatMap((p) => (p.kind === kind ? p.operands : [p]));
        return { kind: 'predicate', predicate: { kind, operands }, span };
      }
      case 'OVERLAPS':
        return { kind: 'predicate', predicate: this.overlaps(lhs, rhs), span };
      case '+':
      case '-':
      case '*':
      case '/':
      case '%': {
        const a = this.toNumeric(lhs, op);
        const b = this.toNumeric(rhs, op);
        if (op === '%' && (a.type !== 'int' || b.type !== 'int')) this.fail(span, `operator '%' needs integers, found ${this.describe(lhs)} and ${this.describe(rhs)}`);
        // As in daf_butler, int and float operands do not mix (write 2.0, not 2, next to a float).
        if (a.type !== b.type) this.fail(span, `operator '${op}' needs operands of one type, found ${this.describe(lhs)} and ${this.describe(rhs)}`);
        const type = a.type === 'int' ? 'int' : 'float';
        return { kind: 'value', expr: { kind: 'arithmetic', op, lhs: a, rhs: b, type, ...span } };
      }
      default:
        return { kind: 'predicate', predicate: this.compare(op as '=', lhs, rhs, span), span };
    }
  }

  private compare(op: '=' | '!=' | '<' | '<=' | '>' | '>=', lhs: Resolved, rhs: Resolved, span: Span): Predicate {
    if (lhs.kind === 'null' || rhs.kind === 'null') {
      const other = lhs.kind === 'null' ? rhs : lhs;
      if (op !== '=' && op !== '!=') this.fail(span, `NULL can only be compared with = or !=, not '${op}'`);
      if (other.kind === 'null') this.fail(span, 'comparing NULL with NULL');
      const operand = other.kind === 'timespan' ? other.expr : this.toValue(other);
      const isNull: Predicate = { kind: 'isNull', operand };
      return op === '=' ? isNull : { kind: 'not', operand: isNull };
    }
    const a = this.toValue(lhs);
    const b = this.toValue(rhs);
    if (!comparable(a.type, b.type)) {
      this.fail(span, `cannot compare ${this.describe(lhs)} with ${this.describe(rhs)}${a.type === 'datetime' || b.type === 'datetime' ? " (write times as T'...')" : ''}`);
    }
    if (a.type === 'bool' && op !== '=' && op !== '!=') this.fail(span, `booleans can only be compared with = or !=, not '${op}'`);
    return { kind: 'compare', op, lhs: a, rhs: b };
  }

  private overlaps(lhs: Resolved, rhs: Resolved): Predicate {
    const isTime = (r: Resolved): boolean => r.kind === 'value' && r.expr.type === 'datetime';
    if (isTime(lhs) && !isTime(rhs)) return { kind: 'timeInTimespan', time: this.toValue(lhs), timespan: this.toTimespan(rhs, 'OVERLAPS') };
    if (isTime(rhs) && !isTime(lhs)) return { kind: 'timeInTimespan', time: this.toValue(rhs), timespan: this.toTimespan(lhs, 'OVERLAPS') };
    return { kind: 'overlaps', lhs: this.toTimespan(lhs, 'OVERLAPS'), rhs: this.toTimespan(rhs, 'OVERLAPS') };
  }

  /** A bound of a (begin, end) tuple: as in daf_butler, a time literal, a time bind, or NULL (unbounded). */
  private timeBound(r: Resolved, fallback: bigint): ValueExpr {
    if (r.kind === 'null') return { kind: 'literal', value: fallback, type: 'datetime', ...r.span };
    const v = this.toValue(r);
    if (v.type !== 'datetime' || v.kind !== 'literal') this.fail(v, `timespan bounds must be time literals (T'...'), time binds or NULL, found ${this.describe(r)}`);
    return v;
  }

  private resolveTuple(first: ExpressionNode, second: ExpressionNode, span: Span): Resolved {
    const lower = this.timeBound(this.resolve(first), TAI_MIN);
    const upper = this.timeBound(this.resolve(second), TAI_MAX);
    return { kind: 'timespan', expr: normaliseTimespan(lower, upper, span) };
  }

  private resolveIn(operandNode: ExpressionNode, itemNodes: readonly ExpressionNode[], negated: boolean, span: Span): Resolved {
    const operand = this.resolve(operandNode);
    const wrap = (p: Predicate): Resolved => ({ kind: 'predicate', predicate: negated ? { kind: 'not', operand: p } : p, span });
    if (operand.kind === 'timespan') return this.fail(operandNode, `${this.source(operandNode)} is a timespan; IN tests membership in a list of values, use OVERLAPS for timespans`);
    const lhs = this.toValue(operand);
    const values: ValueExpr[] = [];
    const ranges: IntegerRange[] = [];
    let includesNull = false;
    const addValue = (v: ValueExpr, r: Resolved): void => {
      if (!comparable(lhs.type, v.type)) this.fail(v, `IN list item ${this.describe(r)} does not match ${this.describe(operand)}`);
      values.push(v);
    };
    for (const itemNode of itemNodes) {
      if (itemNode.kind === 'range') {
        if (lhs.type !== 'int') this.fail(itemNode, `integer range ${this.source(itemNode)} cannot match ${this.describe(operand)}`);
        if (itemNode.to < itemNode.from) this.fail(itemNode, `range ${this.source(itemNode)} ends before it starts`);
        const range: IntegerRange = { from: itemNode.from, to: itemNode.to, stride: itemNode.stride ?? 1 };
        if (rangeSize(range) <= this.rangeLimit) {
          for (const v of expandRange(range)) values.push({ kind: 'literal', value: v, type: 'int', start: itemNode.start, end: itemNode.end });
        } else {
          ranges.push(range);
        }
        continue;
      }
      const item = this.resolve(itemNode);
      if (item.kind === 'null') includesNull = true;
      else if (item.kind === 'timespan') this.fail(itemNode, `${this.source(itemNode)} is a timespan; IN tests membership in a list of values, use OVERLAPS for timespans`);
      else if (item.kind === 'list') {
        includesNull ||= item.includesNull;
        for (const v of item.values) addValue(v, { kind: 'value', expr: v });
      } else addValue(this.toValue(item), item);
    }
    if (values.length === 0 && ranges.length === 0 && !includesNull) return wrap({ kind: 'constant', value: false });
    return wrap({ kind: 'in', operand: lhs, values, ranges, includesNull });
  }

  private resolveIdentifier(written: string, span: Span): Resolved {
    if (Object.hasOwn(this.bind, written)) return this.fromBind(this.bind[written] as BindValue, written, span);
    const name = written.toLowerCase();
    if (Object.hasOwn(this.bind, name)) return this.fromBind(this.bind[name] as BindValue, name, span);
    const parts = name.split('.');
    const elements = this.universe.elements;
    if (parts.length === 1) {
      const dimension = elements.get(name);
      if (dimension?.key !== undefined) return this.column({ kind: 'dimension', dimension: name }, dimension.key.type, span);
      const matches = this.visible.filter((e) => elements.get(e)?.fields[name] !== undefined);
      if (matches.length > 1) {
        return this.fail(span, `ambiguous identifier '${written}' matches ${matches.map((m) => `'${m}.${name}'`).join(', ')}; qualify it`);
      }
      const only = matches[0];
      if (only !== undefined) return this.field(elements.get(only) as QueryElement, name, span);
      const candidates = [
        ...[...elements.values()].filter((e) => e.key !== undefined).map((e) => e.name),
        ...this.visible.flatMap((e) => Object.keys(elements.get(e)?.fields ?? {})),
        ...Object.keys(this.bind),
      ];
      return this.fail(span, `unknown identifier '${written}'${didYouMean(name, candidates)}`);
    }
    const [first = '', second = '', third] = parts;
    const element = elements.get(first);
    if (element === undefined) {
      return this.fail(span, `unknown dimension element '${first}' in '${written}'${didYouMean(first, elements.keys())}`);
    }
    if (third !== undefined) {
      if (second === 'timespan' && element.fields.timespan === 'timespan' && (third === 'begin' || third === 'end')) {
        return this.column({ kind: 'timespanBound', element: first, bound: third }, 'datetime', span);
      }
      return this.fail(span, `unknown identifier '${written}'; only <element>.timespan.begin/end have three parts`);
    }
    if (element.key !== undefined && second === element.key.name) return this.column({ kind: 'dimension', dimension: first }, element.key.type, span);
    if (element.required.includes(second) || element.implied.includes(second)) {
      const key = elements.get(second)?.key;
      if (key !== undefined) return this.column({ kind: 'dimension', dimension: second, via: first }, key.type, span);
    }
    if (element.fields[second] !== undefined) return this.field(element, second, span);
    const names = [...(element.key ? [element.key.name] : []), ...element.required, ...element.implied, ...Object.keys(element.fields)];
    return this.fail(span, `unknown field '${second}' of '${first}'${didYouMean(second, names)} (fields: ${names.join(', ')})`);
  }

  private field(element: QueryElement, field: string, span: Span): Resolved {
    const type = element.fields[field];
    if (type === 'timespan') return { kind: 'timespan', expr: { kind: 'timespanColumn', element: element.name, ...span } };
    if (type === 'region' || type === undefined) return this.fail(span, `${element.name}.${field} is a region; spatial constraints are not supported`);
    return this.column({ kind: 'field', element: element.name, field }, type, span);
  }

  private column(ref: ColumnRef, type: ScalarType, span: Span): Resolved {
    return { kind: 'value', expr: { kind: 'column', ref, type, ...span } };
  }

  private fromBind(value: BindValue, name: string, span: Span): Resolved {
    if (Array.isArray(value)) {
      const values: ValueExpr[] = [];
      let includesNull = false;
      for (const item of value as readonly ScalarBindValue[]) {
        const r = this.scalarBind(item, name, span);
        if (r.kind === 'null') includesNull = true;
        else values.push(r.expr);
      }
      const types = new Set(values.map((v) => (NUMERIC.has(v.type) ? 'number' : v.type)));
      if (types.size > 1) this.fail(span, `bind value '${name}' mixes types (${[...types].join(', ')})`);
      return { kind: 'list', values, includesNull, span };
    }
    if (isTimespanBind(value)) {
      const bound = (v: unknown, fallback: bigint): ValueExpr => {
        const r = v === null ? ({ kind: 'null', span } as const) : this.scalarBind(v as ScalarBindValue, name, span);
        if (r.kind === 'null') return { kind: 'literal', value: fallback, type: 'datetime', ...span };
        if (r.expr.type !== 'datetime') this.fail(span, `bind value '${name}' is a timespan whose bounds are not times`);
        return r.expr;
      };
      return { kind: 'timespan', expr: normaliseTimespan(bound(value.begin, TAI_MIN), bound(value.end, TAI_MAX), span) };
    }
    return this.scalarBind(value as ScalarBindValue, name, span);
  }

  private scalarBind(value: ScalarBindValue, name: string, span: Span): { kind: 'value'; expr: ValueExpr } | { kind: 'null'; span: Span } {
    const literal = (v: number | bigint | string | boolean, type: ScalarType): { kind: 'value'; expr: ValueExpr } => ({
      kind: 'value' as const,
      expr: { kind: 'literal' as const, value: v, type, ...span },
    });
    if (value === null) return { kind: 'null', span };
    switch (typeof value) {
      case 'string':
        return literal(value, 'string');
      case 'boolean':
        return literal(value, 'bool');
      case 'bigint':
        return literal(value, 'int');
      case 'number':
        if (!Number.isFinite(value)) return this.fail(span, `bind value '${name}' is not a finite number`);
        return literal(value, Number.isInteger(value) ? 'int' : 'float');
      default:
        if (value instanceof Date) return literal(taiFromDate(value), 'datetime');
        if (isTaiTime(value)) return literal(clampTai(value.tai), 'datetime');
        return this.fail(span, `bind value '${name}' has an unsupported type`);
    }
  }
}
