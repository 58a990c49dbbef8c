import type { FieldSpec } from './field-spec.js';
import { foreignKeyIndexName, foreignKeyName, indexName, needsForeignKeyIndex, uniqueConstraintName } from './naming.js';
import type { OnDelete, TableSpec } from './table-spec.js';

/** A physical column, as one engine stores it. */
export interface PhysicalColumn {
  readonly name: string;
  readonly sqlType: string;
  readonly nullable: boolean;
  /** SQL default expression. */
  readonly default?: string;
}

/** A named constraint or index over physical columns. */
export interface NamedColumns {
  readonly name: string;
  readonly columns: readonly string[];
}

/** A foreign key with its final (engine) name. */
export interface PhysicalForeignKey extends NamedColumns {
  readonly table: string;
  readonly targetColumns: readonly string[];
  readonly onDelete?: OnDelete;
}

/** A table as one engine creates it: physical columns and every constraint/index name resolved. */
export interface PhysicalTable {
  readonly name: string;
  readonly columns: readonly PhysicalColumn[];
  readonly primaryKey: readonly string[];
  readonly checks: readonly { readonly name: string; readonly sql: string }[];
  readonly unique: readonly NamedColumns[];
  readonly foreignKeys: readonly PhysicalForeignKey[];
  readonly indexes: readonly NamedColumns[];
  /** Sequences feeding autoincrement columns (PostgreSQL). */
  readonly sequences: readonly string[];
}

/** What a dialect contributes to the physical layout of a {@link TableSpec}. */
export interface PhysicalLayout {
  /** The physical columns of one logical field (two for a SQLite timespan). */
  columns(field: FieldSpec, table: TableSpec): readonly PhysicalColumn[];
  /** Check constraints the engine adds for a field (SQLite VARCHAR length checks). */
  checks(field: FieldSpec, table: TableSpec): readonly { name: string; sql: string }[];
  /** The engine's identifier for a generated name (PostgreSQL shrinks long names). */
  name(generated: string): string;
  /** Sequence feeding an autoincrement field, if the engine uses one. */
  sequence(table: TableSpec, field: FieldSpec): string | undefined;
}

/** Resolves `spec` into the physical table `layout`'s engine creates, with daf_butler's names. */
export function physicalTable(spec: TableSpec, layout: PhysicalLayout): PhysicalTable {
  const expand = (logical: readonly string[]): string[] =>
    logical.flatMap((name) => {
      const field = spec.fields.find((f) => f.name === name);
      return field ? layout.columns(field, spec).map((c) => c.name) : [name];
    });
  const primaryKey = expand(spec.primaryKey);
  const unique = (spec.unique ?? []).map((u) => {
    const columns = expand(u.columns);
    return { name: layout.name(uniqueConstraintName(spec.name, columns)), columns };
  });
  const explicit = (spec.indexes ?? []).map((ix) => {
    const columns = expand(ix.columns);
    return { name: layout.name(indexName(spec.name, columns)), columns };
  });
  const covered: (readonly string[])[] = [primaryKey, ...unique.map((u) => u.columns), ...explicit.map((i) => i.columns)];
  const fkIndexes: NamedColumns[] = [];
  const foreignKeys = (spec.foreignKeys ?? []).map((fk) => {
    if (needsForeignKeyIndex(fk.source, covered)) {
      fkIndexes.push({ name: layout.name(foreignKeyIndexName(spec.name, fk.source)), columns: fk.source });
      covered.push(fk.source);
    }
    return {
      name: layout.name(foreignKeyName(spec.name, fk.table, fk.target, fk.source)),
      columns: fk.source,
      table: fk.table,
      targetColumns: fk.target,
      ...(fk.onDelete ? { onDelete: fk.onDelete } : {}),
    };
  });
  return {
    name: spec.name,
    columns: spec.fields.flatMap((f) => layout.columns(f, spec)),
    primaryKey,
    checks: spec.fields.flatMap((f) => layout.checks(f, spec)),
    unique,
    foreignKeys,
    indexes: [...fkIndexes, ...explicit],
    sequences: spec.fields.flatMap((f) => {
      const seq = f.autoincrement ? layout.sequence(spec, f) : undefined;
      return seq ? [seq] : [];
    }),
  };
}

const RESERVED = new Set([
  'all', 'and', 'any', 'as', 'asc', 'between', 'by', 'case', 'check', 'collate', 'column', 'constraint', 'create', 'cross', 'default',
  'delete', 'desc', 'distinct', 'drop', 'else', 'end', 'except', 'exists', 'foreign', 'from', 'full', 'group', 'having', 'in', 'index',
  'inner', 'insert', 'intersect', 'into', 'is', 'join', 'left', 'like', 'limit', 'natural', 'not', 'null', 'offset', 'on', 'or', 'order',
  'outer', 'primary', 'references', 'right', 'select', 'set', 'table', 'then', 'to', 'union', 'unique', 'update', 'user', 'using',
  'values', 'when', 'where', 'with',
]);

/** An identifier quoted only when needed (reserved word or unusual characters), as SQLAlchemy emits it. */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** The `CREATE TABLE` statement for `table`, in the layout SQLAlchemy uses. */
export function createTableSql(table: PhysicalTable): string {
  const q = quoteIdentifier;
  const list = (cols: readonly string[]) => cols.map(q).join(', ');
  const lines = [
    ...table.columns.map((c) => `${q(c.name)} ${c.sqlType}${c.default !== undefined ? ` DEFAULT ${c.default}` : ''}${c.nullable ? '' : ' NOT NULL'}`),
    ...(table.primaryKey.length > 0 ? [`PRIMARY KEY (${list(table.primaryKey)})`] : []),
    ...table.checks.map((c) => `CONSTRAINT ${q(c.name)} CHECK (${c.sql})`),
    ...table.unique.map((u) => `CONSTRAINT ${q(u.name)} UNIQUE (${list(u.columns)})`),
    ...table.foreignKeys.map(
      (fk) =>
        `CONSTRAINT ${q(fk.name)} FOREIGN KEY(${list(fk.columns)}) REFERENCES ${q(fk.table)} (${list(fk.targetColumns)})${fk.onDelete ? ` ON DELETE ${fk.onDelete}` : ''}`,
    ),
  ];
  return `CREATE TABLE ${q(table.name)} (\n\t${lines.join(', \n\t')}\n)`;
}

/** The `CREATE INDEX` statements of `table`. */
export function createIndexSql(table: PhysicalTable): string[] {
  return table.indexes.map((ix) => `CREATE INDEX ${quoteIdentifier(ix.name)} ON ${quoteIdentifier(table.name)} (${ix.columns.map(quoteIdentifier).join(', ')})`);
}
