import type { FieldSpec, PhysicalColumn, PhysicalLayout, TableSpec } from '../../ddl/index.js';
import { createIndexSql, createTableSql, isVarchar, physicalTable } from '../../ddl/index.js';
import type { Dialect, TimespanValue } from '../dialect.js';
import { TIMESPAN_MAX, TIMESPAN_MIN } from '../dialect.js';
import { sqliteBulk } from './sqlite-bulk.js';

function columnType(field: FieldSpec): string {
  switch (field.type) {
    case 'string':
      return isVarchar(field) ? `VARCHAR(${field.length})` : 'TEXT';
    case 'int':
      return field.autoincrement ? 'INTEGER' : 'BIGINT';
    case 'smallint':
      return 'SMALLINT';
    case 'float':
      return 'FLOAT';
    case 'bool':
      return 'BOOLEAN';
    case 'uuid':
      return 'CHAR(32)';
    case 'region':
    case 'hash':
    case 'timespan':
      return 'TEXT';
  }
}

/** SQLite physical layout: timespans as `<name>_begin`/`<name>_end`, VARCHAR length checks, full-length names. */
export const sqliteLayout: PhysicalLayout = {
  columns(field): PhysicalColumn[] {
    const nullable = field.nullable ?? true;
    if (field.type === 'timespan') {
      const defaults = field.defaultUnbounded ? [String(TIMESPAN_MIN), String(TIMESPAN_MAX)] : [undefined, undefined];
      return (['begin', 'end'] as const).map((part, i) => ({
        name: `${field.name}_${part}`,
        sqlType: 'BIGINT',
        nullable,
        ...(defaults[i] !== undefined ? { default: defaults[i] } : {}),
      }));
    }
    return [{ name: field.name, sqlType: columnType(field), nullable }];
  },
  checks(field, table) {
    if (!isVarchar(field)) return [];
    const col = `"${field.name}"`;
    return [{ name: `${table.name}_len_${field.name}`, sql: `length(${col})<=${field.length} AND length(${col})>=1` }];
  },
  name: (generated) => generated,
  sequence: () => undefined,
};

function encodeTimespan(name: string, value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return { [`${name}_begin`]: null, [`${name}_end`]: null };
  const t = value as TimespanValue;
  return { [`${name}_begin`]: t.begin, [`${name}_end`]: t.end };
}

/** daf_butler's SQLite UUID column text: 32 lowercase hex digits (the dashed form's dashes dropped by position). */
function storedUuid(value: string): string {
  const hex = value.length === 36 && value[8] === '-' && value[13] === '-' && value[18] === '-' && value[23] === '-'
    ? value.slice(0, 8) + value.slice(9, 13) + value.slice(14, 18) + value.slice(19, 23) + value.slice(24)
    : value.replace(/-/g, '');
  return hex.toLowerCase();
}

/** The SQLite {@link Dialect}. */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  capabilities: {
    supportsRangeTimespan: false,
    supportsSequences: false,
    supportsTransactionalDdl: true,
    supportsExclusionConstraints: false,
  },
  layout: sqliteLayout,
  listTablesSql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  createTableStatements(spec: TableSpec): string[] {
    const table = physicalTable(spec, sqliteLayout);
    return [createTableSql(table), ...createIndexSql(table)];
  },
  encodeRow(spec, row) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      const field = spec.fields.find((f) => f.name === key);
      if (field?.type === 'timespan') Object.assign(out, encodeTimespan(key, value));
      else if (field?.type === 'uuid' && typeof value === 'string') out[key] = storedUuid(value);
      else if (typeof value === 'boolean') out[key] = value ? 1 : 0;
      else out[key] = value;
    }
    return out;
  },
  encodeValue(field, value) {
    if (field.type === 'timespan') throw new TypeError(`timespan column ${field.name} has two SQLite columns; use encodeRow`);
    if (field.type === 'uuid' && typeof value === 'string') return storedUuid(value);
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  },
  bulk: sqliteBulk,
};
