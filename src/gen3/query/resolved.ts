/**
 * The resolved form of an expression: identifiers bound to columns of the universe, binds and
 * ranges substituted, types checked. Both the SQL compiler and the in-memory evaluator consume it.
 */
import type { Span } from './ast.js';
import type { ScalarType } from './query-universe.js';

/** A column the registry must map to SQL (see `QueryColumnMapper`). */
export type ColumnRef =
  /** The value of a dimension (`visit`, `band`); `via` names the element it was written against (`visit.day_obs`). */
  | { readonly kind: 'dimension'; readonly dimension: string; readonly via?: string }
  /** A non-key field of an element (`exposure.seq_num`, `detector.full_name`). */
  | { readonly kind: 'field'; readonly element: string; readonly field: string }
  /** One bound of an element's timespan (`visit.timespan.begin`), TAI nanoseconds. */
  | { readonly kind: 'timespanBound'; readonly element: string; readonly bound: 'begin' | 'end' };

/** A literal value: numbers, strings, booleans, or TAI nanoseconds (`bigint`) for datetimes. */
export type LiteralValue = number | bigint | string | boolean;

/** A typed scalar expression. */
export type ValueExpr =
  | ({ readonly kind: 'column'; readonly ref: ColumnRef; readonly type: ScalarType } & Span)
  | ({ readonly kind: 'literal'; readonly value: LiteralValue; readonly type: ScalarType } & Span)
  | ({ readonly kind: 'negate'; readonly operand: ValueExpr; readonly type: 'int' | 'float' } & Span)
  | ({
      readonly kind: 'arithmetic';
      readonly op: '+' | '-' | '*' | '/' | '%';
      readonly lhs: ValueExpr;
      readonly rhs: ValueExpr;
      readonly type: 'int' | 'float';
    } & Span)
  /** A predicate used as a boolean value (`(a < b) = (c < d)`). */
  | ({ readonly kind: 'predicateValue'; readonly predicate: Predicate; readonly type: 'bool' } & Span);

/** A timespan: an element's timespan column, or explicit [lower, upper) bounds (NULL bounds already replaced by min/max). */
export type TimespanExpr =
  | ({ readonly kind: 'timespanColumn'; readonly element: string } & Span)
  | ({ readonly kind: 'timespanBounds'; readonly lower: ValueExpr; readonly upper: ValueExpr } & Span);

/** An inclusive integer range with a positive stride, as written in an `IN` list. */
export interface IntegerRange {
  readonly from: number;
  readonly to: number;
  readonly stride: number;
}

/** A boolean condition with SQL three-valued logic. */
export type Predicate =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Predicate[] }
  | { readonly kind: 'not'; readonly operand: Predicate }
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'compare'; readonly op: '=' | '!=' | '<' | '<=' | '>' | '>='; readonly lhs: ValueExpr; readonly rhs: ValueExpr }
  | { readonly kind: 'isNull'; readonly operand: ValueExpr | TimespanExpr }
  /** A boolean column used as a condition. */
  | { readonly kind: 'isTrue'; readonly operand: ValueExpr }
  /** `operand IN (values..., ranges..., NULL?)`; ranges are kept only when large (see `expandRange`). */
  | {
      readonly kind: 'in';
      readonly operand: ValueExpr;
      readonly values: readonly ValueExpr[];
      readonly ranges: readonly IntegerRange[];
      readonly includesNull: boolean;
    }
  | { readonly kind: 'overlaps'; readonly lhs: TimespanExpr; readonly rhs: TimespanExpr }
  /** `time OVERLAPS timespan`: lower <= time < upper. */
  | { readonly kind: 'timeInTimespan'; readonly time: ValueExpr; readonly timespan: TimespanExpr };

/** The values of an inclusive range with a stride, in order. */
export function expandRange(range: IntegerRange): number[] {
  const values: number[] = [];
  for (let v = range.from; v <= range.to; v += range.stride) values.push(v);
  return values;
}

/** Number of values in a range. */
export function rangeSize(range: IntegerRange): number {
  return range.to < range.from ? 0 : Math.floor((range.to - range.from) / range.stride) + 1;
}
