/**
 * How the registry tells the SQL compiler where columns live. A qualified name (`exposure.seq_num`)
 * is quoted by knex as an identifier; `{ raw }` is inserted as trusted SQL (e.g. `lower("visit"."timespan")`
 * for PostgreSQL ranges) and must never contain user input.
 */
import type { QueryUniverse } from './query-universe.js';
import type { ColumnRef } from './resolved.js';

/** A column: a qualified identifier, or trusted raw SQL (which must not contain `?`: knex reads it as a placeholder). */
export type ColumnSql = string | { readonly raw: string };

/** Maps resolved column references to SQL columns of the query being built. */
export interface QueryColumnMapper {
  /** SQL for a dimension value, an element field, or a timespan bound (TAI nanoseconds). */
  column(ref: ColumnRef): ColumnSql;
  /** The [lower, upper) bounds of an element's timespan (TAI nanoseconds; NULL when the timespan is NULL). */
  timespan(element: string): { readonly lower: ColumnSql; readonly upper: ColumnSql };
}

/**
 * A mapper for queries that join the dimension tables under their own names, SQLite style:
 * dimension `d` → `d.<key>` (or `<via>.d` when written as `via.d`; `band` → `physical_filter.band`),
 * field `e.f` → `e.f`, timespans → `e.timespan_begin`/`e.timespan_end`.
 * `alias` renames tables (`{ exposure: 'e' }`).
 */
export function dimensionTableMapper(universe: QueryUniverse, alias: Readonly<Record<string, string>> = {}): QueryColumnMapper {
  const table = (element: string): string => alias[element] ?? element;
  return {
    column(ref) {
      switch (ref.kind) {
        case 'dimension': {
          if (ref.via !== undefined) return `${table(ref.via)}.${ref.dimension}`;
          const element = universe.elements.get(ref.dimension);
          if (element?.impliedBy !== undefined) return `${table(element.impliedBy.element)}.${element.impliedBy.field}`;
          return `${table(ref.dimension)}.${element?.key?.name ?? 'id'}`;
        }
        case 'field':
          return `${table(ref.element)}.${ref.field}`;
        case 'timespanBound':
          return `${table(ref.element)}.timespan_${ref.bound}`;
      }
    },
    timespan(element) {
      return { lower: `${table(element)}.timespan_begin`, upper: `${table(element)}.timespan_end` };
    },
  };
}
