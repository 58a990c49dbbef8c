/**
 * Compiles a resolved {@link Predicate} to a SQL boolean expression with positional bindings:
 * values always travel as `?` bindings and columns as `??` identifier bindings (knex's raw syntax),
 * never interpolated. Division and modulo by zero give NULL (`NULLIF`), as on SQLite; the bounds of a
 * NULL timespan (`visit.timespan.begin`) read as 0, as in daf_butler.
 */
import type { Knex } from 'knex';
import type { ColumnSql, QueryColumnMapper } from './column-mapper.js';
import type { Predicate, TimespanExpr, ValueExpr } from './resolved.js';

/** A value bound to a `?` (or, for column names, `??`) placeholder. Integers bind as `bigint`. */
export type SqlBinding = string | number | bigint;

/** SQL text in knex raw syntax (`?` values, `??` identifiers) and its bindings, in order. */
export interface SqlFragment {
  readonly sql: string;
  readonly bindings: readonly SqlBinding[];
}

/**
 * Compile `predicate` to a SQL condition.
 *
 * @param predicate - a resolved expression (see `resolveExpression`).
 * @param mapper - where each column lives in the query.
 */
export function compilePredicate(predicate: Predicate, mapper: QueryColumnMapper): SqlFragment {
  return new Compiler(mapper).predicate(predicate);
}

/** A `where` callback for a knex query builder: `knex('exposure').where(whereCallback(p, mapper))`. */
export function whereCallback(predicate: Predicate, mapper: QueryColumnMapper): (qb: Knex.QueryBuilder) => void {
  const { sql, bindings } = compilePredicate(predicate, mapper);
  return (qb) => {
    void qb.whereRaw(sql, bindings as unknown as Knex.RawBinding[]);
  };
}

/** The compiled condition as a `knex.raw` fragment. */
export function rawPredicate(knex: Knex, predicate: Predicate, mapper: QueryColumnMapper): Knex.Raw {
  const { sql, bindings } = compilePredicate(predicate, mapper);
  return knex.raw(sql, bindings as unknown as Knex.RawBinding[]);
}

/** Tagged template joining fragments and plain strings into one fragment. */
function sql(strings: TemplateStringsArray, ...parts: (SqlFragment | string)[]): SqlFragment {
  let text = strings[0] ?? '';
  const bindings: SqlBinding[] = [];
  parts.forEach((part, i) => {
    if (typeof part === 'string') text += part;
    else {
      text += part.sql;
      bindings.push(...part.bindings);
    }
    text += strings[i + 1] ?? '';
  });
  return { sql: text, bindings };
}

function join(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  return { sql: fragments.map((f) => f.sql).join(separator), bindings: fragments.flatMap((f) => f.bindings) };
}

const bind = (value: SqlBinding): SqlFragment => ({ sql: '?', bindings: [value] });
/** Numbers are cast so that PostgreSQL types parameters (`$1 < $2`, `$1 + $2`) as numbers, not text. */
const bindInteger = (value: number | bigint): SqlFragment => ({ sql: 'CAST(? AS BIGINT)', bindings: [BigInt(value)] });
const bindFloat = (value: number): SqlFragment => ({ sql: 'CAST(? AS DOUBLE PRECISION)', bindings: [value] });
const TRUE_SQL: SqlFragment = { sql: '1 = 1', bindings: [] };
const FALSE_SQL: SqlFragment = { sql: '1 = 0', bindings: [] };

class Compiler {
  constructor(private readonly mapper: QueryColumnMapper) {}

  private col(c: ColumnSql): SqlFragment {
    return typeof c === 'string' ? { sql: '??', bindings: [c] } : { sql: c.raw, bindings: [] };
  }

  predicate(p: Predicate): SqlFragment {
    switch (p.kind) {
      case 'and':
      case 'or':
        if (p.operands.length === 0) return p.kind === 'and' ? TRUE_SQL : FALSE_SQL;
        return sql`(${join(p.operands.map((o) => this.predicate(o)), p.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return sql`(NOT ${this.predicate(p.operand)})`;
      case 'constant':
        return p.value ? TRUE_SQL : FALSE_SQL;
      case 'compare':
        return sql`(${this.value(p.lhs)} ${p.op === '!=' ? '<>' : p.op} ${this.value(p.rhs)})`;
      case 'isNull':
        if (p.operand.kind === 'timespanColumn' || p.operand.kind === 'timespanBounds') return sql`(${this.bounds(p.operand).lower} IS NULL)`;
        return sql`(${this.value(p.operand)} IS NULL)`;
      case 'isTrue':
        return sql`(${this.value(p.operand)})`;
      case 'in': {
        const x = this.value(p.operand);
        const parts: SqlFragment[] = [];
        if (p.values.length > 0) parts.push(sql`${x} IN (${join(p.values.map((v) => this.value(v)), ', ')})`);
        for (const r of p.ranges) {
          const between = sql`${x} BETWEEN ${bindInteger(r.from)} AND ${bindInteger(r.to)}`;
          parts.push(r.stride === 1 ? between : sql`(${between} AND (${x} - ${bindInteger(r.from)}) % ${bindInteger(r.stride)} = 0)`);
        }
        if (p.includesNull) parts.push(sql`${x} IS NULL`);
        return sql`(${join(parts, ' OR ')})`;
      }
      case 'overlaps': {
        const a = this.bounds(p.lhs);
        const b = this.bounds(p.rhs);
        return sql`(${a.lower} < ${b.upper} AND ${b.lower} < ${a.upper})`;
      }
      case 'timeInTimespan': {
        const ts = this.bounds(p.timespan);
        const t = this.value(p.time);
        return sql`(${ts.lower} <= ${t} AND ${t} < ${ts.upper})`;
      }
    }
  }

  private bounds(ts: TimespanExpr): { readonly lower: SqlFragment; readonly upper: SqlFragment } {
    if (ts.kind === 'timespanBounds') return { lower: this.value(ts.lower), upper: this.value(ts.upper) };
    const columns = this.mapper.timespan(ts.element);
    return { lower: this.col(columns.lower), upper: this.col(columns.upper) };
  }

  value(v: ValueExpr): SqlFragment {
    switch (v.kind) {
      case 'column':
        // As in daf_butler, the bounds of a NULL timespan read as 0.
        if (v.ref.kind === 'timespanBound') return sql`COALESCE(${this.col(this.mapper.column(v.ref))}, 0)`;
        return this.col(this.mapper.column(v.ref));
      case 'literal':
        switch (typeof v.value) {
          case 'boolean':
            return { sql: v.value ? 'TRUE' : 'FALSE', bindings: [] };
          case 'string':
            return bind(v.value);
          case 'bigint':
            return bindInteger(v.value);
          default:
            // Integers bind as 64-bit integers so that integer division stays integral; floats as doubles.
            return v.type === 'int' ? bindInteger(v.value) : bindFloat(v.value);
        }
      case 'negate':
        return sql`(-${this.value(v.operand)})`;
      case 'arithmetic': {
        const lhs = this.value(v.lhs);
        const rhs = this.value(v.rhs);
        if (v.op === '/' || v.op === '%') return sql`(${lhs} ${v.op} NULLIF(${rhs}, 0))`;
        return sql`(${lhs} ${v.op} ${rhs})`;
      }
      case 'predicateValue':
        return this.predicate(v.predicate);
    }
  }
}
