/**
 * daf_butler `--where` expressions: parse, resolve against a dimension universe, compile to SQL
 * (knex) or evaluate in memory.
 *
 * @example
 * const { predicate } = resolveExpression("instrument='HSC' AND visit IN (903334, 903336)", { universe: universeV8 });
 * knex('visit').where(whereCallback(predicate, dimensionTableMapper(universeV8)));
 */
export type * from './ast.js';
export type { BindValue, BindValues, ScalarBindValue, TaiTime, TimespanBindValue } from './bind-value.js';
export { dimensionTableMapper } from './column-mapper.js';
export type { ColumnSql, QueryColumnMapper } from './column-mapper.js';
export { QueryExpressionError, QuerySemanticError, QuerySyntaxError, positionOf } from './errors.js';
export type { ExpressionPosition } from './errors.js';
export { evaluate, matches, recordLookup } from './evaluator.js';
export type { RowLookup, RowValue } from './evaluator.js';
export { extractGovernorConstraints, requireGovernorConstraints, unconstrainedGovernors } from './governors.js';
export type { GovernorConstraints, UnconstrainedGovernor } from './governors.js';
export { parseExpression } from './parser.js';
export { printExpression } from './printer.js';
export { dimensionClosure, elementsOf, governorOf } from './query-universe.js';
export type { FieldType, QueryElement, QueryUniverse, ScalarType } from './query-universe.js';
export { expandRange, rangeSize } from './resolved.js';
export type { ColumnRef, IntegerRange, LiteralValue, Predicate, TimespanExpr, ValueExpr } from './resolved.js';
export { resolveExpression, resolveTree } from './resolver.js';
export type { ResolvedExpression, ResolveOptions } from './resolver.js';
export { compilePredicate, rawPredicate, whereCallback } from './sql-compiler.js';
export type { SqlBinding, SqlFragment } from './sql-compiler.js';
export { parseTimeString, taiFromDate, TAI_MAX, TAI_MIN } from './time-literal.js';
export type { ParsedTime } from './time-literal.js';
export { tokenize } from './tokenizer.js';
export type { Keyword, Token } from './tokens.js';
export { universeV8 } from './universe-v8.js';
