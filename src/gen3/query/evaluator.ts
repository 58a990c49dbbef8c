/**
 * In-memory evaluation of a resolved {@link Predicate} over one row, with the same SQL
 * three-valued logic and arithmetic as the compiled SQL on SQLite (integer division truncates,
 * division or modulo by zero is NULL), for tests and small result sets.
 */
import type { ScalarType } from './query-universe.js';
import type { ColumnRef, Predicate, TimespanExpr, ValueExpr } from './resolved.js';

/** A value in a row: numbers, strings, booleans (or 0/1), bigint TAI nanoseconds; `null`/`undefined` is NULL. */
export type RowValue = number | bigint | string | boolean | null | undefined;

/** Reads a column of the current row. */
export type RowLookup = (ref: ColumnRef) => RowValue;

type Scalar = number | bigint | string | boolean | null;

/**
 * A {@link RowLookup} over a plain record keyed like `visit` (dimension value), `visit.day_obs`
 * (dimension as recorded for an element; falls back to `day_obs`), `exposure.seq_num` (field),
 * `exposure.timespan.begin`/`.end` (timespan bounds).
 */
export function recordLookup(record: Readonly<Record<string, RowValue>>): RowLookup {
  return (ref) => {
    switch (ref.kind) {
      case 'dimension':
        if (ref.via !== undefined && Object.hasOwn(record, `${ref.via}.${ref.dimension}`)) return record[`${ref.via}.${ref.dimension}`];
        return record[ref.dimension];
      case 'field':
        return record[`${ref.element}.${ref.field}`];
      case 'timespanBound':
        return record[`${ref.element}.timespan.${ref.bound}`];
    }
  };
}

/**
 * Evaluate `predicate` on a row.
 *
 * @returns `true`, `false`, or `null` (SQL UNKNOWN); a row is selected only when the result is `true`.
 */
export function evaluate(predicate: Predicate, row: RowLookup): boolean | null {
  return new Evaluator(row).predicate(predicate);
}

/** True when `predicate` selects the row (evaluates to `true`). */
export function matches(predicate: Predicate, row: RowLookup): boolean {
  return evaluate(predicate, row) === true;
}

function normalise(value: RowValue, type: ScalarType): Scalar {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'bool':
      return value === true || value === 1 || value === 1n;
    case 'datetime':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'int':
    case 'float':
      return typeof value === 'bigint' && Number.isSafeInteger(Number(value)) ? Number(value) : (value as number);
    case 'string':
      return String(value);
  }
}

/** -1, 0, 1, comparing numbers (mixed number/bigint), strings or booleans. */
function order(a: Exclude<Scalar, null>, b: Exclude<Scalar, null>): number {
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function not(v: boolean | null): boolean | null {
  return v === null ? null : !v;
}

function and(values: Iterable<boolean | null>): boolean | null {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === null) unknown = true;
  }
  return unknown ? null : true;
}

function or(values: Iterable<boolean | null>): boolean | null {
  let unknown = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === null) unknown = true;
  }
  return unknown ? null : false;
}

function compare(op: string, a: Scalar, b: Scalar): boolean | null {
  if (a === null || b === null) return null;
  const c = order(a, b);
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

class Evaluator {
  constructor(private readonly row: RowLookup) {}

  predicate(p: Predicate): boolean | null {
    switch (p.kind) {
      case 'and':
        return and(p.operands.map((o) => this.predicate(o)));
      case 'or':
        return or(p.operands.map((o) => this.predicate(o)));
      case 'not':
        return not(this.predicate(p.operand));
      case 'constant':
        return p.value;
      case 'compare':
        return compare(p.op, this.value(p.lhs), this.value(p.rhs));
      case 'isNull':
        if (p.operand.kind === 'timespanColumn' || p.operand.kind === 'timespanBounds') return this.bounds(p.operand).lower === null;
        return this.value(p.operand) === null;
      case 'isTrue': {
        const v = this.value(p.operand);
        return v === null ? null : v === true;
      }
      case 'in': {
        const x = this.value(p.operand);
        const parts: (boolean | null)[] = [];
        if (p.values.length > 0) parts.push(x === null ? null : or(p.values.map((v) => compare('=', x, this.value(v)))));
        for (const r of p.ranges) {
          if (x === null) parts.push(null);
          else {
            const n = Number(x);
            parts.push(n >= r.from && n <= r.to && (n - r.from) % r.stride === 0);
          }
        }
        if (p.includesNull) parts.push(x === null);
        return or(parts);
      }
      case 'overlaps': {
        const a = this.bounds(p.lhs);
        const b = this.bounds(p.rhs);
        return and([compare('<', a.lower, b.upper), compare('<', b.lower, a.upper)]);
      }
      case 'timeInTimespan': {
        const ts = this.bounds(p.timespan);
        const t = this.value(p.time);
        return and([compare('<=', ts.lower, t), compare('<', t, ts.upper)]);
      }
    }
  }

  private bounds(ts: TimespanExpr): { lower: Scalar; upper: Scalar } {
    if (ts.kind === 'timespanBounds') return { lower: this.value(ts.lower), upper: this.value(ts.upper) };
    return {
      lower: normalise(this.row({ kind: 'timespanBound', element: ts.element, bound: 'begin' }), 'datetime'),
      upper: normalise(this.row({ kind: 'timespanBound', element: ts.element, bound: 'end' }), 'datetime'),
    };
  }

  value(v: ValueExpr): Scalar {
    switch (v.kind) {
      case 'column': {
        const value = normalise(this.row(v.ref), v.type);
        // As in daf_butler, the bounds of a NULL timespan read as 0.
        return value === null && v.ref.kind === 'timespanBound' ? 0n : value;
      }
      case 'literal':
        return normalise(v.value, v.type);
      case 'negate': {
        const x = this.value(v.operand);
        return x === null ? null : -Number(x);
      }
      case 'arithmetic': {
        const a = this.value(v.lhs);
        const b = this.value(v.rhs);
        if (a === null || b === null) return null;
        const x = Number(a);
        const y = Number(b);
        switch (v.op) {
          case '+':
            return x + y;
          case '-':
            return x - y;
          case '*':
            return x * y;
          case '/':
            if (y === 0) return null;
            return v.type === 'int' ? Math.trunc(x / y) : x / y;
          case '%':
            return y === 0 ? null : x % y;
        }
        break;
      }
      case 'predicateValue':
        return this.predicate(v.predicate);
    }
  }
}
