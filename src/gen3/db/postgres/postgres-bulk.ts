import type { FieldType } from '../../ddl/index.js';
import type { BulkColumn, BulkEngine } from '../bulk-engine.js';
import { driverConnection, quoteName } from '../bulk-engine.js';

interface Connection {
  query(text: string, values: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Rows per statement (the arrays travel as one text parameter per column). */
const ROWS_PER_STATEMENT = 50_000;

function arrayType(type: FieldType): string {
  switch (type) {
    case 'int':
      return 'bigint[]';
    case 'smallint':
      return 'smallint[]';
    case 'float':
      return 'float8[]';
    case 'bool':
      return 'boolean[]';
    case 'uuid':
      return 'uuid[]';
    case 'timespan':
      return 'int8range[]';
    case 'string':
    case 'region':
    case 'hash':
      return 'text[]';
  }
}

function unnest(columns: readonly BulkColumn[], offset = 0): string {
  return `unnest(${columns.map((c, i) => `$${i + 1 + offset}::${arrayType(c.type)}`).join(', ')})`;
}

/** The values of column `c` of `rows[from, to)` as an array parameter. */
function columnArray(rows: readonly (readonly unknown[])[], column: BulkColumn, c: number, from: number, to: number): unknown[] {
  const out = new Array<unknown>(to - from);
  const encode = column.encode;
  for (let i = from; i < to; i++) {
    const raw = rows[i]![c];
    const v = encode ? encode(raw) : raw;
    out[i - from] = typeof v === 'bigint' ? v.toString() : v;
  }
  return out;
}

/** PostgreSQL bulk statements: `INSERT … SELECT * FROM unnest(arrays)` and key joins against `unnest(arrays)`. */
export const postgresBulk: BulkEngine = {
  async insert(knex, table, columns, rows, ignoreExisting) {
    if (rows.length === 0) return;
    const conn = await driverConnection<Connection>(knex);
    const sql = `INSERT INTO ${quoteName(table)} (${columns.map((c) => quoteName(c.name)).join(',')}) SELECT * FROM ${unnest(columns)}${ignoreExisting ? ' ON CONFLICT DO NOTHING' : ''}`;
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const to = Math.min(rows.length, i + ROWS_PER_STATEMENT);
      await conn.query(sql, columns.map((col, c) => columnArray(rows, col, c, i, to)));
    }
  },

  async selectByKeys(knex, table, keyColumns, keys, columns) {
    if (keys.length === 0) return [];
    const conn = await driverConnection<Connection>(knex);
    const names = keyColumns.map((_, i) => `k${i}`);
    const sql =
      `SELECT ${columns.map((c) => `t.${quoteName(c)}`).join(',')} FROM ${unnest(keyColumns)} AS k(${names.join(',')}) ` +
      `JOIN ${quoteName(table)} AS t ON ${keyColumns.map((c, i) => `t.${quoteName(c.name)} = k.${names[i]!}`).join(' AND ')}`;
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
      const to = Math.min(keys.length, i + ROWS_PER_STATEMENT);
      const result = await conn.query(sql, keyColumns.map((col, c) => columnArray(keys, col, c, i, to)));
      for (const r of result.rows) out.push(r);
    }
    return out;
  },
};
