import type { FieldSpec, PhysicalColumn, PhysicalLayout, TableSpec } from '../../ddl/index.js';
import { createIndexSql, createTableSql, isVarchar, physicalTable, quoteIdentifier, shrinkName } from '../../ddl/index.js';
import type { Dialect, TimespanValue } from '../dialect.js';
import { TIMESPAN_MAX, TIMESPAN_MIN } from '../dialect.js';
import { postgresBulk } from './postgres-bulk.js';

function columnType(field: FieldSpec): string {
  switch (field.type) {
    case 'string':
      return isVarchar(field) ? `VARCHAR(${field.length})` : 'TEXT';
    case 'int':
      return 'BIGINT';
    case 'smallint':
      return 'SMALLINT';
    case 'float':
      return 'DOUBLE PRECISION';
    case 'bool':
      return 'BOOLEAN';
    case 'uuid':
      return 'UUID';
    case 'timespan':
      return 'INT8RANGE';
    case 'region':
    case 'hash':
      return 'TEXT';
  }
}

/** PostgreSQL physical layout: `INT8RANGE` timespans, native UUIDs, sequences, names shrunk to 63 characters. */
export const postgresLayout: PhysicalLayout = {
  columns(field): PhysicalColumn[] {
    return [
      {
        name: field.name,
        sqlType: columnType(field),
        nullable: field.nullable ?? true,
        ...(field.type === 'timespan' && field.defaultUnbounded ? { default: "'(,)'::int8range" } : {}),
      },
    ];
  },
  checks: () => [],
  name: (generated) => shrinkName(generated),
  sequence: (table, field) => shrinkName(`${table.name}_seq_${field.name}`),
};

/** `[begin,end)` with daf_butler's min/max bounds written as unbounded; `empty` when begin ≥ end. */
export function encodeInt8Range(value: TimespanValue | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value.begin >= value.end) return 'empty';
  const lower = value.begin <= TIMESPAN_MIN ? '' : String(value.begin);
  const upper = value.end >= TIMESPAN_MAX ? '' : String(value.end);
  return `${lower === '' ? '(' : '['}${lower},${upper})`;
}

/** The PostgreSQL {@link Dialect}. */
export const postgresDialect: Dialect = {
  name: 'postgresql',
  capabilities: {
    supportsRangeTimespan: true,
    supportsSequences: true,
    supportsTransactionalDdl: true,
    supportsExclusionConstraints: false,
  },
  layout: postgresLayout,
  listTablesSql: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  createTableStatements(spec: TableSpec): string[] {
    const table = physicalTable(spec, postgresLayout);
    return [...table.sequences.map((s) => `CREATE SEQUENCE ${quoteIdentifier(s)}`), createTableSql(table), ...createIndexSql(table)];
  },
  encodeRow(spec, row) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      const field = spec.fields.find((f) => f.name === key);
      if (field?.type === 'timespan') out[key] = encodeInt8Range(value as TimespanValue | null);
      else if (typeof value === 'bigint') out[key] = value.toString();
      else out[key] = value;
    }
    return out;
  },
  encodeValue(field, value) {
    if (field.type === 'timespan') return encodeInt8Range(value as TimespanValue | null);
    return typeof value === 'bigint' ? value.toString() : value;
  },
  bulk: postgresBulk,
};
