import type { BulkColumn, BulkEngine } from '../bulk-engine.js';
import { driverConnection, quoteName } from '../bulk-engine.js';

interface Statement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): Record<string, unknown>[];
}

interface Connection {
  prepare(sql: string): Statement;
}

/** Rows per multi-row INSERT (well under SQLite's 32766 bound parameters for the widest tables). */
const ROWS_PER_INSERT = 100;

const statements = new WeakMap<Connection, Map<string, Statement>>();

function prepared(conn: Connection, sql: string): Statement {
  let cache = statements.get(conn);
  if (!cache) {
    cache = new Map();
    statements.set(conn, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = conn.prepare(sql);
    if (cache.size > 200) cache.clear();
    cache.set(sql, stmt);
  }
  return stmt;
}

function insertSql(table: string, columns: readonly BulkColumn[], rows: number, ignoreExisting: boolean): string {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  return `INSERT INTO ${quoteName(table)} (${columns.map((c) => quoteName(c.name)).join(',')}) VALUES ${Array.from({ length: rows }, () => tuple).join(',')}${ignoreExisting ? ' ON CONFLICT DO NOTHING' : ''}`;
}

/** SQLite bulk statements: cached better-sqlite3 prepared statements on the transaction's connection. */
export const sqliteBulk: BulkEngine = {
  async insert(knex, table, columns, rows, ignoreExisting) {
    if (rows.length === 0) return;
    const conn = await driverConnection<Connection>(knex);
    const width = columns.length;
    const encoders = columns.map((c) => c.encode);
    let i = 0;
    if (rows.length >= ROWS_PER_INSERT) {
      const many = prepared(conn, insertSql(table, columns, ROWS_PER_INSERT, ignoreExisting));
      const params: unknown[] = new Array<unknown>(ROWS_PER_INSERT * width);
      for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
        for (let r = 0; r < ROWS_PER_INSERT; r++) {
          const row = rows[i + r]!;
          for (let c = 0; c < width; c++) {
            const encode = encoders[c];
            params[r * width + c] = encode ? encode(row[c]) : row[c];
          }
        }
        many.run(params);
      }
    }
    if (i < rows.length) {
      const one = prepared(conn, insertSql(table, columns, 1, ignoreExisting));
      for (; i < rows.length; i++) one.run(rows[i]!.map((v, c) => (encoders[c] ? encoders[c](v) : v)));
    }
  },

  async selectByKeys(knex, table, keyColumns, keys, columns) {
    if (keys.length === 0) return [];
    const conn = await driverConnection<Connection>(knex);
    const sql = `SELECT ${columns.map(quoteName).join(',')} FROM ${quoteName(table)} WHERE ${keyColumns.map((c) => `${quoteName(c.name)} = ?`).join(' AND ')}`;
    const stmt = prepared(conn, sql);
    const out: Record<string, unknown>[] = [];
    const encoders = keyColumns.map((c) => c.encode);
    for (const key of keys) for (const row of stmt.all(key.map((v, c) => (encoders[c] ? encoders[c](v) : v)))) out.push(row);
    return out;
  },
};
