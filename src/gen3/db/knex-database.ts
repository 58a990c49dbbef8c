import type { Knex } from 'knex';
import type { TableSpec } from '../ddl/index.js';
import type { BulkColumn } from './bulk-engine.js';
import { DatabaseQueryError, RegistryConflictError } from '../errors.js';
import type { Database, Row, SyncResult } from './database.js';
import type { Dialect } from './dialect.js';
import type { DirectReads } from './direct-reads.js';
import { rowsInKeyOrder } from './key-order.js';
import { MetadataCache } from './metadata-cache.js';

const DEFAULT_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function normalized(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return normalized(a) === normalized(b);
}

async function run<T>(what: () => string, query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (e) {
    throw new DatabaseQueryError(what(), { cause: e });
  }
}

/** The engine-neutral {@link Database} on top of knex; a {@link Dialect} supplies the engine parts. */
export class KnexDatabase implements Database {
  constructor(
    readonly knex: Knex,
    private readonly engine: Dialect,
    private readonly inTransaction = false,
    readonly cache: MetadataCache = new MetadataCache(),
    readonly direct: DirectReads | undefined = undefined,
  ) {}

  get dialect() {
    return this.engine.name;
  }

  get capabilities() {
    return this.engine.capabilities;
  }

  async transaction<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    const cache = this.cache.forTransaction();
    try {
      const result = await this.knex.transaction((trx) => fn(new KnexDatabase(trx, this.engine, true, cache)));
      cache.settle();
      return result;
    } catch (e) {
      cache.discard();
      throw e;
    }
  }

  async savepoint<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    if (!this.inTransaction) return this.transaction(fn);
    try {
      return await this.knex.transaction((sp) => fn(new KnexDatabase(sp, this.engine, true, this.cache)));
    } catch (e) {
      // metadata read or written inside the undone part must not be trusted
      this.cache.invalidate();
      throw e;
    }
  }

  private columns(spec: TableSpec, columns: readonly string[]): BulkColumn[] {
    return columns.map((c) => {
      const field = spec.fields.find((f) => f.name === c);
      if (!field) throw new TypeError(`table ${spec.name} has no column ${c}`);
      const probe = field.type === 'uuid' || field.type === 'bool' || field.type === 'timespan';
      return { name: field.name, type: field.type, ...(probe ? { encode: (v: unknown) => this.engine.encodeValue(field, v) } : {}) };
    });
  }

  async bulkInsert(spec: TableSpec, columns: readonly string[], rows: readonly (readonly unknown[])[], options: { ignoreExisting?: boolean } = {}): Promise<void> {
    if (rows.length === 0) return;
    const fields = this.columns(spec, columns);
    const what = () => `bulk insert of ${rows.length} rows into ${spec.name} (${columns.join(', ')})`;
    const ordered = rowsInKeyOrder(columns, spec.primaryKey, rows);
    await this.transaction((db) => run(what, this.engine.bulk.insert(db.knex, spec.name, fields, ordered, options.ignoreExisting ?? false)));
  }

  async selectByKeys(spec: TableSpec, keyColumns: readonly string[], keys: readonly (readonly unknown[])[], columns: readonly string[]): Promise<Record<string, unknown>[]> {
    if (keys.length === 0) return [];
    const fields = this.columns(spec, keyColumns);
    const what = () => `select of ${keys.length} keys (${keyColumns.join(', ')}) from ${spec.name}`;
    return this.transaction((db) => run(what, this.engine.bulk.selectByKeys(db.knex, spec.name, fields, keys, columns)));
  }

  async createTables(specs: readonly TableSpec[]): Promise<void> {
    await this.transaction(async (db) => {
      for (const spec of specs) {
        for (const sql of this.engine.createTableStatements(spec)) await run(() => sql, db.knex.raw(sql));
      }
    });
  }

  async listTables(): Promise<string[]> {
    const sql = this.engine.listTablesSql;
    const result: unknown = await run(() => sql, this.knex.raw(sql));
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { name: string }[];
    return rows.map((r) => r.name);
  }

  async insert(spec: TableSpec, rows: readonly Row[], options: { chunkSize?: number } = {}): Promise<void> {
    const encoded = rows.map((r) => this.engine.encodeRow(spec, r));
    for (const chunk of chunks(encoded, options.chunkSize ?? DEFAULT_CHUNK)) {
      const q = this.knex(spec.name).insert(chunk);
      await run(() => q.toString(), q);
    }
  }

  async ensure(spec: TableSpec, rows: readonly Row[], options: { chunkSize?: number } = {}): Promise<void> {
    const encoded = rows.map((r) => this.engine.encodeRow(spec, r));
    for (const chunk of chunks(encoded, options.chunkSize ?? DEFAULT_CHUNK)) {
      const q = this.knex(spec.name)
        .insert(chunk)
        .onConflict([...spec.primaryKey])
        .ignore();
      await run(() => q.toString(), q);
    }
  }

  async sync(spec: TableSpec, row: Row): Promise<SyncResult> {
    const [result] = await this.syncMany(spec, [row]);
    return result!;
  }

  async syncMany(spec: TableSpec, rows: readonly Row[]): Promise<SyncResult[]> {
    if (rows.length === 0) return [];
    return this.transaction(async (db) => {
      const encoded = rows.map((r) => this.engine.encodeRow(spec, r));
      const columns = [...new Set(encoded.flatMap((e) => Object.keys(e)))];
      const keyText = (row: Readonly<Record<string, unknown>>) => spec.primaryKey.map((k) => normalized(row[k])).join('\u0000');
      const found = await db.selectByKeys(spec, spec.primaryKey, rows.map((r) => spec.primaryKey.map((k) => r[k])), columns);
      const existing = new Map(found.map((r) => [keyText(r), r]));
      const fresh: Row[] = [];
      const results = encoded.map((e, i): SyncResult => {
        const text = keyText(e);
        const there = existing.get(text);
        if (!there) {
          fresh.push(rows[i]!);
          existing.set(text, e);
          return 'inserted';
        }
        if (Object.keys(e).some((col) => !sameValue(there[col], e[col]))) {
          const key = Object.fromEntries(spec.primaryKey.map((k) => [k, e[k]]));
          const shown = Object.fromEntries(Object.keys(e).map((c) => [c, there[c]]));
          throw new RegistryConflictError(spec.name, key, shown, e);
        }
        return 'existing';
      });
      if (fresh.length > 0) await db.insert(spec, fresh);
      return results;
    });
  }

  async insertWithId(spec: TableSpec, row: Row): Promise<number> {
    const [id] = await this.insertWithIds(spec, [row]);
    return id!;
  }

  async insertWithIds(spec: TableSpec, rows: readonly Row[]): Promise<number[]> {
    const idField = spec.fields.find((f) => f.autoincrement);
    if (!idField) throw new TypeError(`table ${spec.name} has no autoincrement column`);
    if (rows.length === 0) return [];
    return this.transaction(async (db) => {
      const sequence = this.engine.layout.sequence(spec, idField);
      const ids: number[] = [];
      if (sequence) {
        const sql = `SELECT nextval('${sequence}') AS id FROM generate_series(1, ${rows.length})`;
        const result = (await run(() => sql, db.knex.raw(sql))) as { rows: { id: string }[] };
        for (const r of result.rows) ids.push(Number(r.id));
        ids.sort((a, b) => a - b);
        await db.insert(spec, rows.map((row, i) => ({ ...row, [idField.name]: ids[i] })));
        return ids;
      }
      // SQLite: a rowid alias assigned row by row in VALUES order; the chunk's ids end at last_insert_rowid()
      for (const chunk of chunks(rows, DEFAULT_CHUNK)) {
        const encoded = chunk.map((row) => {
          const e = this.engine.encodeRow(spec, row);
          delete e[idField.name];
          return e;
        });
        const q = db.knex(spec.name).insert(encoded);
        const [last] = (await run(() => q.toString(), q)) as number[];
        const end = Number(last);
        for (let i = chunk.length - 1; i >= 0; i--) ids.push(end - i);
      }
      return ids;
    });
  }

  async select(table: string, where: Row = {}): Promise<Record<string, unknown>[]> {
    const q = this.knex(table).select('*').where(where as Record<string, Knex.Value>);
    return (await run(() => q.toString(), q)) as Record<string, unknown>[];
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }
}
