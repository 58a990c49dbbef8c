import path from 'node:path';
import Database from 'better-sqlite3';

/** The rows `sql` selects from the SQLite registry (`gen3.sqlite3`) of the repository at `repo`, opened read-only. */
export function registryRows<T>(repo: string, sql: string): T[] {
  const db = new Database(path.join(repo, 'gen3.sqlite3'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
