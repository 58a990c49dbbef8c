import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { openRepository } from '../../../src/gen3/repo/index.js';

function norm(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (v instanceof Date) return v.toISOString();
  return v;
}

/**
 * Every registry table's rows (values normalised, rows sorted), optionally without some columns
 * (`ingest_date` differs between two conversions run at different times).
 */
export async function dumpRegistry(root: string, dropColumns: readonly string[] = []): Promise<Record<string, string[]>> {
  const repo = await openRepository(root);
  try {
    const out: Record<string, string[]> = {};
    for (const table of (await repo.db.listTables()).sort()) {
      const rows = await repo.db.select(table);
      out[table] = rows
        .map((r) => JSON.stringify(Object.fromEntries(Object.keys(r).sort().filter((k) => !dropColumns.includes(k)).map((k) => [k, norm(r[k])]))))
        .sort();
    }
    return out;
  } finally {
    await repo.close();
  }
}

/** Every file under the datastore root except the registry database: path → kind and content hash (symlink targets as given). */
export function dumpDatastoreFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const rel = path.relative(root, p);
      if (dir === root && (name.startsWith('gen3.sqlite3') || name === 'butler.yaml')) continue;
      const st = lstatSync(p);
      if (st.isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(p);
      } else if (st.isSymbolicLink()) out[rel] = `symlink ${readlinkSync(p)}`;
      else out[rel] = `file ${statSync(p).size} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(root);
  return out;
}
