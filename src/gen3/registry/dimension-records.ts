import type { Database, Row } from '../db/index.js';
import type { FieldSpec, TableSpec } from '../ddl/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { RegistryConflictError } from '../errors.js';
import { elementTableSpec } from '../schema/index.js';
import { RegistryValidationError } from './errors.js';
import { missingReferences } from './record-references.js';
import { decodeRow, keyText } from './stored-values.js';

/** One dimension record: column → value (timespans as `{ begin, end }` TAI ns, `null` for none). */
export type DimensionRecord = Readonly<Record<string, unknown>>;

/** The table spec of element `name`. @throws RegistryValidationError for an unknown element or one without a table. */
export function elementSpec(universe: DimensionUniverse, name: string): TableSpec {
  if (!universe.has(name)) throw new RegistryValidationError(`unknown dimension element ${JSON.stringify(name)}`);
  const element = universe.element(name);
  if (!element.hasTable) throw new RegistryValidationError(`dimension element ${name} has no records of its own`);
  return elementTableSpec(universe, element);
}

function isInteger(v: unknown): boolean {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v));
}

function isTimespan(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as { begin?: unknown; end?: unknown };
  return typeof t.begin === 'bigint' && typeof t.end === 'bigint';
}

/** Why `value` does not fit `field`, or undefined when it does. */
function fieldProblem(field: FieldSpec, value: unknown): string | undefined {
  if (value === null || value === undefined) return field.nullable === false ? 'is required' : undefined;
  switch (field.type) {
    case 'string':
    case 'region':
    case 'hash':
      if (typeof value !== 'string') return `must be a string, not ${typeof value}`;
      if (field.type === 'string' && field.length !== undefined && field.length <= 32 && (value.length < 1 || value.length > field.length)) {
        return `must have 1..${field.length} characters`;
      }
      return undefined;
    case 'int':
    case 'smallint':
      return isInteger(value) ? undefined : `must be an integer, not ${JSON.stringify(String(value))}`;
    case 'float':
      return typeof value === 'number' ? undefined : `must be a number, not ${typeof value}`;
    case 'bool':
      return typeof value === 'boolean' ? undefined : `must be a boolean, not ${typeof value}`;
    case 'timespan':
      return isTimespan(value) ? undefined : 'must be a { begin, end } timespan of bigint TAI ns';
    case 'uuid':
      return typeof value === 'string' ? undefined : 'must be a UUID string';
  }
}

/**
 * Checks records of one element against its table: every column known, values of the column's
 * type, required columns present, no duplicate keys within `rows`. Missing nullable columns are
 * filled with `null`.
 * @throws RegistryValidationError listing every problem.
 */
export function validateRecords(spec: TableSpec, rows: readonly DimensionRecord[]): Row[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  const out = rows.map((row, i) => {
    for (const col of Object.keys(row)) {
      if (!spec.fields.some((f) => f.name === col)) problems.push(`record ${i}: ${spec.name} has no field ${JSON.stringify(col)}`);
    }
    const full: Record<string, unknown> = {};
    for (const f of spec.fields) {
      const value = row[f.name] ?? null;
      const problem = fieldProblem(f, value);
      if (problem) problems.push(`record ${i}: ${spec.name}.${f.name} ${problem}`);
      full[f.name] = value;
    }
    const key = JSON.stringify(spec.primaryKey.map((k) => String(full[k])));
    if (keys.has(key)) problems.push(`record ${i}: duplicate key ${key} in the same call`);
    keys.add(key);
    return full;
  });
  if (problems.length > 0) throw new RegistryValidationError(`invalid ${spec.name} records: ${problems.join('; ')}`);
  return out;
}

/** @throws RegistryValidationError when rows refer to dimension records that do not exist. */
async function requireReferences(db: Database, spec: TableSpec, rows: readonly Row[]): Promise<void> {
  const missing = await missingReferences(db, spec.foreignKeys ?? [], rows, spec);
  if (missing.length > 0) throw new RegistryValidationError(`${spec.name} records refer to missing dimension records: ${missing.slice(0, 10).join('; ')}`);
}

/** The stored column names of `spec` (a SQLite timespan is two columns). */
function storedColumns(db: Database, spec: TableSpec): string[] {
  return spec.fields.flatMap((f) => (f.type === 'timespan' && !db.capabilities.supportsRangeTimespan ? [`${f.name}_begin`, `${f.name}_end`] : [f.name]));
}

/** Text of a primary key for maps (same text for a logical and a stored value). */
function keyMapText(spec: TableSpec, row: Readonly<Record<string, unknown>>): string {
  return spec.primaryKey.map((k) => keyText(row[k])).join('\u0000');
}

/** The stored rows of `spec` having the primary keys of `rows` (one bulk lookup), by {@link keyMapText}. */
async function existingByKey(db: Database, spec: TableSpec, rows: readonly Row[], columns: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const keys = rows.map((row) => spec.primaryKey.map((k) => row[k]));
  const found = await db.selectByKeys(spec, spec.primaryKey, keys, columns);
  return new Map(found.map((r) => [keyMapText(spec, r), r]));
}

function keyOf(spec: TableSpec, row: Row): Record<string, unknown> {
  return Object.fromEntries(spec.primaryKey.map((k) => [k, typeof row[k] === 'bigint' ? String(row[k]) : row[k]]));
}

/**
 * Inserts new records of one element; a key that already exists is a conflict even when the
 * values are equal (use {@link syncRecords} for insert-or-verify). All or nothing. One bulk
 * lookup of the keys, then one insert.
 * @throws RegistryConflictError for an existing key (the first one in `rows` order).
 */
export async function insertRecords(db: Database, spec: TableSpec, rows: readonly Row[]): Promise<void> {
  await db.transaction(async (trx) => {
    await requireReferences(trx, spec, rows);
    const existing = await existingByKey(trx, spec, rows, storedColumns(trx, spec));
    if (existing.size > 0) {
      for (const row of rows) {
        const found = existing.get(keyMapText(spec, row));
        if (found) throw new RegistryConflictError(spec.name, keyOf(spec, row), decodeRow(trx.capabilities, spec, found), row);
      }
    }
    await trx.insert(spec, rows);
  });
}

/**
 * Inserts records whose key is new and verifies that existing ones are identical. All or nothing:
 * one bulk lookup of the keys ({@link Database.syncMany}), then one insert of the new records.
 * @returns how many were inserted.
 * @throws RegistryConflictError when an existing record differs.
 */
export async function syncRecords(db: Database, spec: TableSpec, rows: readonly Row[]): Promise<number> {
  return db.transaction(async (trx) => {
    await requireReferences(trx, spec, rows);
    return (await trx.syncMany(spec, rows)).filter((r) => r === 'inserted').length;
  });
}
