/**
 * daf_butler's constraint and index naming rules (observed on every name `butler create` writes).
 * Names are built from physical column names; PostgreSQL then shrinks long ones (`name-shrinker.ts`).
 */

/** `<table>_unq_<col>_<col>…` */
export function uniqueConstraintName(table: string, columns: readonly string[]): string {
  return `${table}_unq_${columns.join('_')}`;
}

/** `<table>_idx_<col>_<col>…` */
export function indexName(table: string, columns: readonly string[]): string {
  return `${table}_idx_${columns.join('_')}`;
}

/** `fkey_<table>_<targetTable>_<targetCols…>_<sourceCols…>` */
export function foreignKeyName(table: string, targetTable: string, targetColumns: readonly string[], sourceColumns: readonly string[]): string {
  return `fkey_${table}_${targetTable}_${targetColumns.join('_')}_${sourceColumns.join('_')}`;
}

/** `<table>_fkidx_<sourceCols…>`: the index created for a foreign key. */
export function foreignKeyIndexName(table: string, sourceColumns: readonly string[]): string {
  return `${table}_fkidx_${sourceColumns.join('_')}`;
}

/**
 * Whether a foreign key over `source` gets its own index: not when the same column list already is
 * the primary key, a unique constraint, an explicit index, or an earlier foreign key's index.
 */
export function needsForeignKeyIndex(source: readonly string[], covered: readonly (readonly string[])[]): boolean {
  return !covered.some((cols) => cols.length === source.length && cols.every((c, i) => c === source[i]));
}
