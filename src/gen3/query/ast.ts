/**
 * Syntax tree of a daf_butler query expression, as produced by {@link parseExpression}. Every node
 * carries its source span (`start`/`end`, 0-based offsets, end exclusive) for error messages.
 */

/** Source span of a node. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Arithmetic operators. */
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
/** Comparison operators (`<>` is parsed as `!=`). */
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
/** Binary operators in the syntax tree. */
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | 'AND' | 'OR' | 'OVERLAPS';

/** `visit`, `visit.day_obs`, `exposure.timespan.begin`, or a bare bind name. */
export interface IdentifierNode extends Span {
  readonly kind: 'identifier';
  /** The identifier as written, dots included. */
  readonly name: string;
}
/** `:name`. */
export interface BindNode extends Span {
  readonly kind: 'bind';
  readonly name: string;
}
/** A number; the text is kept as written (`1`, `.5e-2`, `-3`). */
export interface NumberNode extends Span {
  readonly kind: 'number';
  readonly text: string;
}
/** `'text'` or `"text"`. */
export interface StringNode extends Span {
  readonly kind: 'string';
  readonly value: string;
}
/** `T'2020-01-01'`: the text between the quotes and its value in TAI nanoseconds. */
export interface TimeNode extends Span {
  readonly kind: 'time';
  readonly text: string;
  readonly tai: bigint;
}
/** `NULL`. */
export interface NullNode extends Span {
  readonly kind: 'null';
}
/** `start..stop[:stride]`, inclusive bounds; only inside `IN (...)`. */
export interface RangeNode extends Span {
  readonly kind: 'range';
  /** First value (inclusive). */
  readonly from: number;
  /** Last value (inclusive). */
  readonly to: number;
  /** Absent when not written (means 1). */
  readonly stride?: number;
}
/** `-x`, `+x`, `NOT x`. */
export interface UnaryNode extends Span {
  readonly kind: 'unary';
  readonly op: '-' | '+' | 'NOT';
  readonly operand: ExpressionNode;
}
/** `lhs op rhs`. */
export interface BinaryNode extends Span {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly lhs: ExpressionNode;
  readonly rhs: ExpressionNode;
}
/** `operand [NOT] IN (item, ...)`. */
export interface InNode extends Span {
  readonly kind: 'in';
  readonly operand: ExpressionNode;
  readonly items: readonly ExpressionNode[];
  readonly negated: boolean;
}
/** `(expr)`. */
export interface ParensNode extends Span {
  readonly kind: 'parens';
  readonly expr: ExpressionNode;
}
/** `(a, b)`: a two-item tuple, used for timespans. */
export interface TupleNode extends Span {
  readonly kind: 'tuple';
  readonly items: readonly [ExpressionNode, ExpressionNode];
}
/** `name(args...)`, e.g. daf_butler's `POINT(ra, dec)`; parsed, not resolved. */
export interface CallNode extends Span {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly ExpressionNode[];
}

/** Any node of the syntax tree. */
export type ExpressionNode =
  | IdentifierNode
  | BindNode
  | NumberNode
  | StringNode
  | TimeNode
  | NullNode
  | RangeNode
  | UnaryNode
  | BinaryNode
  | InNode
  | ParensNode
  | TupleNode
  | CallNode;
