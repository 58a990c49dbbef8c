/**
 * Read-only, schema-agnostic reader of Gen2 sqlite registries (`registry.sqlite3`,
 * `calibRegistry.sqlite3`): tables and columns are discovered, selected by name (column order differs
 * between repos), and queried exactly as daf_persistence `SqlRegistry.lookup` did.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { isErrnoError } from '../../errors.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import type { Gen2Value } from '../data-id.js';
import { Gen2RegistryError } from '../errors.js';
import {
  CALIB_SHAPE_COLUMNS,
  type CalibShapeColumn,
  type Gen2CalibTableInfo,
  type Gen2ColumnInfo,
  type Gen2DistinctQuery,
  type Gen2RegistryValue,
  type Gen2Row,
  type Gen2TableInfo,
  type ValidityReport,
} from './registry-types.js';
import { sqliteHeaderProblem } from './sqlite-header.js';
import { computeValidityReport, type ValidityRow } from './validity-report.js';
import { indexedAffinity, ValidityIndex, type IndexedAffinity } from './validity-index.js';
import { BoundedMap } from '../../cache/bounded-map.js';

/** Options of {@link Gen2Registry.open}. */
export interface Gen2RegistryOptions {
  /** Receives `registry-query` debug events (SQL and bindings) on channel `registry:sql`. Default is silent. */
  logger?: Logger;
  /**
   * Remember the rows of each {@link Gen2Registry.queryDistinct} query (at most 100,000 queries, emptied when full), for
   * readers of a registry that does not change while it is open (a Gen2 Butler session); a repeated
   * query is answered (as fresh row objects) without SQL and without a `registry-query` event. Default `false`.
   */
  cacheResults?: boolean;
}

/** Options naming the validity columns of calibration tables. */
export interface Gen2ValidityColumns {
  /** Default is `validStart`. */
  validStartName?: string;
  /** Default is `validEnd`. */
  validEndName?: string;
}

interface TableSchema {
  readonly name: string;
  readonly columns: readonly Gen2ColumnInfo[];
  /** ASCII-lower-cased column name → declared name (SQLite identifiers are case-insensitive). */
  readonly byLower: ReadonlyMap<string, string>;
}

/** Most query results kept with `cacheResults` (emptied when full): memory stays bounded over millions of look-ups. */
const RESULTS_LIMIT = 100_000;

/** Folded identifiers: a registry has a few dozen names, looked up on every query. */
const folded = new Map<string, string>();

/** SQLite folds only ASCII letters when comparing identifiers. */
function fold(name: string): string {
  let f = folded.get(name);
  if (f === undefined) {
    f = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (folded.size < 10_000) folded.set(name, f);
  }
  return f;
}

/** Double-quoted SQL identifier. Only ever applied to names checked against the schema. */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function describeSqliteError(err: unknown): string {
  const code = err !== null && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB') return `not a SQLite database (${message})`;
  if (code === 'SQLITE_CORRUPT') return `corrupt or truncated SQLite database (${message})`;
  return message;
}

/** A Gen2 registry opened read-only. Close it when done. */
export class Gen2Registry {
  private readonly schema: ReadonlyMap<string, TableSchema>;
  private readonly log: Logger;
  private closed = false;
  /** Prepared statements by SQL text (raw rows, safe integers). */
  private readonly statements = new Map<string, Database.Statement>();
  /** Rows by query (JSON of a {@link Gen2DistinctQuery}), when {@link Gen2RegistryOptions.cacheResults} is set. */
  private readonly results: Map<string, readonly Gen2Row[]> | undefined;
  /** Validity lookups answered in memory, by query shape (null: SQLite answers that shape), with `cacheResults`. */
  private readonly validityIndexes = new Map<string, ValidityIndex | null>();

  private constructor(
    /** The registry file, as given to {@link Gen2Registry.open}. */
    readonly path: string,
    private readonly db: Database.Database,
    schema: ReadonlyMap<string, TableSchema>,
    logger: Logger,
    cacheResults: boolean,
  ) {
    this.schema = schema;
    this.log = logger.child('registry:sql');
    this.results = cacheResults ? new BoundedMap(RESULTS_LIMIT) : undefined;
  }

  /**
   * Opens a registry read-only and reads its schema.
   *
   * @param file - path of a `registry.sqlite3` / `calibRegistry.sqlite3`.
   * @throws Gen2RegistryError naming the file when it is missing, not a regular file, empty, not a SQLite
   *   database, truncated or corrupt.
   */
  static open(file: string, options: Gen2RegistryOptions = {}): Gen2Registry {
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch (cause) {
      throw new Gen2RegistryError(file, isErrnoError(cause, 'ENOENT') ? 'registry file does not exist' : 'registry file cannot be accessed', { cause });
    }
    if (!isFile) throw new Gen2RegistryError(file, 'not a regular file');
    if (file.endsWith('.pgsql')) throw new Gen2RegistryError(file, 'PostgreSQL registries (*.pgsql) are not supported; only SQLite registries');
    let problem: string | undefined;
    try {
      problem = sqliteHeaderProblem(file);
    } catch (cause) {
      throw new Gen2RegistryError(file, 'registry file cannot be read', { cause });
    }
    if (problem !== undefined) throw new Gen2RegistryError(file, problem);

    let db: Database.Database;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
    } catch (cause) {
      throw new Gen2RegistryError(file, `cannot open: ${describeSqliteError(cause)}`, { cause });
    }
    try {
      db.pragma('schema_version', { simple: true });
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        .all();
      const columnsStmt = db.prepare<[string], { name: string; type: string }>('SELECT name, type FROM pragma_table_info(?) ORDER BY cid');
      const schema = new Map<string, TableSchema>();
      for (const { name } of tables) {
        const columns = columnsStmt.all(name).map((c) => ({ name: c.name, type: c.type }));
        schema.set(fold(name), { name, columns, byLower: new Map(columns.map((c) => [fold(c.name), c.name])) });
      }
      return new Gen2Registry(file, db, schema, options.logger ?? silentLogger, options.cacheResults === true);
    } catch (cause) {
      db.close();
      throw new Gen2RegistryError(file, `cannot read the schema: ${describeSqliteError(cause)}`, { cause });
    }
  }

  /** Closes the database. Further calls are no-ops. */
  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.statements.clear();
      this.results?.clear();
      this.validityIndexes.clear();
      this.db.close();
    }
  }

  /** Table names (sqlite internal tables excluded), sorted. */
  tableNames(): string[] {
    return [...this.schema.values()].map((t) => t.name);
  }

  /** All tables with columns and row counts, sorted by name. */
  tables(): Gen2TableInfo[] {
    return [...this.schema.values()].map((t) => ({ name: t.name, columns: t.columns, rowCount: this.rowCount(t.name) }));
  }

  /** Whether a table exists (case-insensitive, as in SQLite). */
  hasTable(table: string): boolean {
    return this.schema.has(fold(table));
  }

  /** Whether `table` exists and has `column` (both case-insensitive). */
  hasColumn(table: string, column: string): boolean {
    return this.schema.get(fold(table))?.byLower.has(fold(column)) ?? false;
  }

  /**
   * Columns of a table, in declaration order.
   *
   * @throws Gen2RegistryError when the table does not exist.
   */
  columns(table: string): Gen2ColumnInfo[] {
    return [...this.table(table).columns];
  }

  /**
   * Number of rows of a table.
   *
   * @throws Gen2RegistryError when the table does not exist or cannot be read.
   */
  rowCount(table: string): number {
    const t = this.table(table);
    const row = this.run(`SELECT count(*) AS n FROM ${quoteIdent(t.name)}`, [], `counting rows of ${t.name}`)[0];
    return typeof row?.[0] === 'number' ? row[0] : 0;
  }

  /**
   * `SELECT DISTINCT <select> FROM t1 NATURAL JOIN t2 … WHERE k1 = ? AND … AND (? BETWEEN start AND end)`,
   * exactly as daf_persistence `SqlRegistry.lookup`: values are bound as given (dates compare as TEXT,
   * integer columns convert numeric text by affinity), rows come back in SQLite's order.
   *
   * @example
   * ```ts
   * registry.queryDistinct({ tables: ['flat'], select: ['calibDate'], where: { ccd: 23, filter: 'HSC-I' },
   *   range: { value: '2013-11-03', startColumn: 'validStart', endColumn: 'validEnd' } });
   * // [{ calibDate: '2013-11-03' }]
   * ```
   * @returns one object per distinct row, keyed by the names in `select` as given.
   * @throws Gen2RegistryError naming the registry file, table and column when a name is unknown, or when
   *   the database cannot be read.
   */
  queryDistinct(query: Gen2DistinctQuery): Gen2Row[] {
    if (this.results === undefined || this.closed) return this.queryUncached(query);
    // JSON keeps value types apart ("1" vs 1); a query that failed is not remembered, so it fails again.
    const key = JSON.stringify([query.tables, query.select, query.where ?? null, query.range ?? null]);
    let rows = this.results.get(key);
    if (rows === undefined) {
      rows = this.queryIndexed(query) ?? this.queryUncached(query);
      this.results.set(key, rows);
    }
    return rows.map((r) => ({ ...r }));
  }

  /**
   * A single-table validity lookup answered from a {@link ValidityIndex} of the table (read once per query
   * shape), or undefined when SQLite has to answer it (see the index for when).
   */
  private queryIndexed(query: Gen2DistinctQuery): Gen2Row[] | undefined {
    const range = query.range;
    if (range === undefined || query.tables.length !== 1 || query.select.length === 0) return undefined;
    const where = Object.entries(query.where ?? {});
    const bindable = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
    if (!bindable(range.value) || !where.every(([, v]) => bindable(v))) return undefined; // SQLite's path reports it
    const shape = JSON.stringify([query.tables[0], query.select, where.map(([k]) => k), range.startColumn, range.endColumn]);
    let index = this.validityIndexes.get(shape);
    if (index === undefined) this.validityIndexes.set(shape, (index = this.buildValidityIndex(query.tables[0]!, query.select, where.map(([k]) => k), range.startColumn, range.endColumn) ?? null));
    if (index === null) return undefined;
    const found = index.lookup(
      where.map(([, v]) => v),
      range.value,
    );
    if (found === undefined) return undefined;
    this.log.debug('registry-query-indexed', { file: this.path, table: query.tables[0], where: query.where ?? {}, value: range.value });
    return found.map((values) => {
      const row: Gen2Row = {};
      query.select.forEach((name, i) => Object.defineProperty(row, name, { value: values[i] ?? null, enumerable: true, writable: true, configurable: true }));
      return row;
    });
  }

  private buildValidityIndex(tableName: unknown, select: readonly unknown[], whereKeys: readonly unknown[], start: unknown, end: unknown): ValidityIndex | undefined {
    if (typeof tableName !== 'string') return undefined;
    const t = this.schema.get(fold(tableName));
    if (t === undefined) return undefined;
    const resolve = (name: unknown): Gen2ColumnInfo | undefined => {
      if (typeof name !== 'string' || name === '') return undefined;
      const actual = t.byLower.get(fold(name));
      return actual === undefined ? undefined : t.columns.find((c) => c.name === actual);
    };
    const selected = select.map(resolve);
    const whereColumns = whereKeys.map(resolve);
    const bounds = [resolve(start), resolve(end)];
    if ([...selected, ...whereColumns, ...bounds].some((c) => c === undefined)) return undefined;
    const affinities = whereColumns.map((c) => indexedAffinity(c!.type));
    if (affinities.some((a) => a === undefined) || bounds.some((c) => indexedAffinity(c!.type) !== 'text')) return undefined;
    try {
      const definition = this.db.prepare<[string], { sql: string | null }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(t.name);
      if (definition?.sql === undefined || definition.sql === null || /collate/i.test(definition.sql)) return undefined;
      const columns = [...selected, ...whereColumns, ...bounds].map((c) => quoteIdent(c!.name)).join(', ');
      const rows = this.db.prepare(`SELECT ${columns} FROM ${quoteIdent(t.name)}`).raw(true).safeIntegers(true).all() as unknown[][];
      return ValidityIndex.build(rows, selected.length, affinities as IndexedAffinity[]);
    } catch {
      return undefined; // SQLite answers (and reports) it
    }
  }

  private queryUncached(query: Gen2DistinctQuery): Gen2Row[] {
    if (query.tables.length === 0) throw new Gen2RegistryError(this.path, 'query names no table');
    if (query.select.length === 0) throw new Gen2RegistryError(this.path, `query on ${query.tables.join(', ')} selects no column`);
    const tables = query.tables.map((t) => this.table(t));
    const column = (name: string, role: string): string => {
      if (typeof name !== 'string' || name === '') throw new Gen2RegistryError(this.path, `${role}: column name must be a non-empty string`);
      for (const t of tables) {
        const actual = t.byLower.get(fold(name));
        if (actual !== undefined) return quoteIdent(actual);
      }
      const where = tables.length === 1 ? `table ${tables[0]!.name}` : `tables ${tables.map((t) => t.name).join(', ')}`;
      throw new Gen2RegistryError(this.path, `${role}: no column ${JSON.stringify(name)} in ${where}`);
    };
    const bindings: Gen2Value[] = [];
    const bind = (value: unknown, role: string): void => {
      if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) bindings.push(value);
      else throw new Gen2RegistryError(this.path, `${role}: value must be a string or a finite number, got ${typeof value}`);
    };
    const select = query.select.map((c) => column(c, 'select'));
    const terms: string[] = [];
    for (const [key, value] of Object.entries(query.where ?? {})) {
      terms.push(`${column(key, 'where')} = ?`);
      bind(value, `where ${key}`);
    }
    if (query.range !== undefined) {
      terms.push(`(? BETWEEN ${column(query.range.startColumn, 'range start')} AND ${column(query.range.endColumn, 'range end')})`);
      bind(query.range.value, 'range value');
    }
    const from = tables.map((t) => quoteIdent(t.name)).join(' NATURAL JOIN ');
    const sql = `SELECT DISTINCT ${select.join(', ')} FROM ${from}${terms.length > 0 ? ` WHERE ${terms.join(' AND ')}` : ''}`;
    const rows = this.run(sql, bindings, `querying ${tables.map((t) => t.name).join(', ')}`);
    return rows.map((values) => {
      const row: Gen2Row = {};
      query.select.forEach((name, i) => Object.defineProperty(row, name, { value: values[i] ?? null, enumerable: true, writable: true, configurable: true }));
      return row;
    });
  }

  /**
   * Calibration tables: tables with both validity columns, excluding the (always empty) `*_visit` tables.
   * Includes legacy tables without `calibDate` (obs_base tests, testdata_cfht).
   */
  calibTables(options: Gen2ValidityColumns = {}): Gen2CalibTableInfo[] {
    const startName = fold(options.validStartName ?? 'validStart');
    const endName = fold(options.validEndName ?? 'validEnd');
    const out: Gen2CalibTableInfo[] = [];
    for (const t of this.schema.values()) {
      const validStartColumn = t.byLower.get(startName);
      const validEndColumn = t.byLower.get(endName);
      if (validStartColumn === undefined || validEndColumn === undefined || fold(t.name).endsWith('_visit')) continue;
      const shape = Object.fromEntries(CALIB_SHAPE_COLUMNS.map((c) => [c, t.byLower.get(fold(c))])) as Record<CalibShapeColumn, string | undefined>;
      const detector = shape.ccd ?? shape.ccdnum ?? shape.detector;
      const detectorTuple = [shape.filter, detector].filter((c): c is string => c !== undefined);
      out.push({ name: t.name, columns: t.columns, rowCount: this.rowCount(t.name), shape, legacy: shape.calibDate === undefined, validStartColumn, validEndColumn, detectorTuple });
    }
    return out;
  }

  /**
   * Gaps and overlaps between consecutive validity ranges of a calibration table, per detector tuple.
   *
   * @param table - a calibration table (see {@link calibTables}).
   * @param groupBy - the detector tuple. Default is the table's `detectorTuple` (`filter` and
   *   `ccd`/`ccdnum`/`detector` where present, as Gen2's `register.detector`).
   * @throws Gen2RegistryError when the table or a column does not exist, or the table has no validity columns.
   */
  validityReport(table: string, groupBy?: readonly string[], options: Gen2ValidityColumns = {}): ValidityReport {
    const t = this.table(table);
    const info = this.calibTables(options).find((c) => c.name === t.name);
    if (info === undefined) {
      throw new Gen2RegistryError(this.path, `table ${t.name} is not a calibration table (needs ${options.validStartName ?? 'validStart'} and ${options.validEndName ?? 'validEnd'} columns, and is not a *_visit table)`);
    }
    const keys = [...(groupBy ?? info.detectorTuple)];
    const select = [...keys, info.validStartColumn, info.validEndColumn, ...(info.shape.calibDate !== undefined ? [info.shape.calibDate] : [])];
    const rows = this.queryDistinct({ tables: [t.name], select }).map((r) => select.map((name) => r[name] ?? null));
    const input: ValidityRow[] = rows.map((values) => ({
      key: values.slice(0, keys.length),
      validStart: values[keys.length] ?? null,
      validEnd: values[keys.length + 1] ?? null,
      ...(info.shape.calibDate !== undefined ? { calibDate: values[keys.length + 2] ?? null } : {}),
    }));
    return computeValidityReport(t.name, keys, input);
  }

  /**
   * Runs SQLite's `PRAGMA quick_check` over the whole file (reads every page).
   *
   * @throws Gen2RegistryError naming the file when the check reports problems.
   */
  check(): void {
    const rows = this.run('PRAGMA quick_check', [], 'checking integrity');
    const problems = rows.map((r) => String(r[0])).filter((m) => m !== 'ok');
    if (problems.length > 0) throw new Gen2RegistryError(this.path, `integrity check failed: ${problems.slice(0, 5).join('; ')}`);
  }

  private table(name: string): TableSchema {
    if (typeof name !== 'string') throw new Gen2RegistryError(this.path, 'table name must be a string');
    const t = this.schema.get(fold(name));
    if (t === undefined) {
      throw new Gen2RegistryError(this.path, `no table ${JSON.stringify(name)} (tables: ${this.tableNames().join(', ') || 'none'})`);
    }
    return t;
  }

  private run(sql: string, bindings: readonly Gen2Value[], what: string): readonly (readonly Gen2RegistryValue[])[] {
    if (this.closed) throw new Gen2RegistryError(this.path, `${what}: the registry is closed`);
    this.log.debug('registry-query', { file: this.path, sql, bindings });
    let raw: unknown[][];
    try {
      let statement = this.statements.get(sql);
      if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql).raw(true).safeIntegers(true)));
      raw = statement.all(...bindings) as unknown[][];
    } catch (cause) {
      throw new Gen2RegistryError(this.path, `${what}: ${describeSqliteError(cause)}`, { cause });
    }
    return raw.map((values) => values.map((v) => this.value(v, what)));
  }

  private value(v: unknown, what: string): Gen2RegistryValue {
    if (v === null || typeof v === 'string' || typeof v === 'number') return v;
    if (typeof v === 'bigint') {
      const n = Number(v);
      if (Number.isSafeInteger(n)) return n;
      throw new Gen2RegistryError(this.path, `${what}: integer ${v} does not fit a JavaScript number exactly`);
    }
    throw new Gen2RegistryError(this.path, `${what}: unsupported ${Buffer.isBuffer(v) ? 'BLOB' : typeof v} value`);
  }
}
