import type { Database, Row } from '../db/index.js';
import type { FieldSpec, ForeignKeySpec, TableSpec } from '../ddl/index.js';
import { keyText } from './stored-values.js';

/** The type of a key column: from `source` when it declares the column, else from the value. */
function keyField(source: TableSpec | undefined, column: string, target: string, sample: unknown): FieldSpec {
  const declared = source?.fields.find((f) => f.name === column);
  if (declared) return { ...declared, name: target };
  return { name: target, type: typeof sample === 'string' ? 'string' : typeof sample === 'boolean' ? 'bool' : 'int' };
}

/**
 * The references of `rows` (rows of `source` when given: it supplies the key types) through
 * foreign keys `fks` that have no target row, as `table(col=value, …)` texts (rows with a NULL in
 * the key reference nothing). One bulk lookup per foreign key over its distinct keys.
 */
export async function missingReferences(db: Database, fks: readonly ForeignKeySpec[], rows: readonly Row[], source?: TableSpec): Promise<string[]> {
  const missing: string[] = [];
  for (const fk of fks) {
    const keys = new Map<string, unknown[]>();
    for (const row of rows) {
      const values = fk.source.map((c) => row[c]);
      if (values.some((v) => v === null || v === undefined)) continue;
      const text = values.map(keyText).join('\u0000');
      if (!keys.has(text)) keys.set(text, values);
    }
    if (keys.size === 0) continue;
    const first = [...keys.values()][0]!;
    const target: TableSpec = { name: fk.table, fields: fk.target.map((t, i) => keyField(source, fk.source[i]!, t, first[i])), primaryKey: [] };
    const found = await db.selectByKeys(target, fk.target, [...keys.values()], fk.target);
    const present = new Set(found.map((r) => fk.target.map((t) => keyText(r[t])).join('\u0000')));
    for (const [text, values] of keys) {
      if (!present.has(text)) missing.push(`${fk.table}(${fk.target.map((t, i) => `${t}=${keyText(values[i])}`).join(', ')})`);
    }
  }
  return missing;
}
