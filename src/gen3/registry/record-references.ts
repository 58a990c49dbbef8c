import type { Database, Row } from '../db/index.js';
import type { ForeignKeySpec } from '../ddl/index.js';
import type { KeyValue } from './stored-values.js';
import { keyText, whereValue } from './stored-values.js';

/**
 * The references of `rows` through foreign keys `fks` that have no target row, as
 * `table(col=value, …)` texts (rows with a NULL in the key reference nothing). One query per
 * distinct referenced key.
 */
export async function missingReferences(db: Database, fks: readonly ForeignKeySpec[], rows: readonly Row[]): Promise<string[]> {
  const missing: string[] = [];
  for (const fk of fks) {
    const seen = new Set<string>();
    for (const row of rows) {
      const values = fk.source.map((c) => row[c]);
      if (values.some((v) => v === null || v === undefined)) continue;
      const text = `${fk.table}(${fk.target.map((t, i) => `${t}=${keyText(values[i])}`).join(', ')})`;
      if (seen.has(text)) continue;
      seen.add(text);
      const where = Object.fromEntries(fk.target.map((t, i) => [t, whereValue(values[i] as KeyValue)]));
      const found = (await db.knex(fk.table).select(db.knex.raw('1')).where(where).limit(1)) as unknown[];
      if (found.length === 0) missing.push(text);
    }
  }
  return missing;
}
