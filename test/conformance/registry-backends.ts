// The database backends every registry conformance suite iterates: SQLite in memory, SQLite in a
// file, and PostgreSQL when the test server is available (test/helpers/postgres.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/gen3/db/index.js';
import { openPostgresDatabase } from '../../src/gen3/db/postgres/index.js';
import { openSqliteDatabase } from '../../src/gen3/db/sqlite/index.js';
import { pgUrl, withDatabase, withPgClient } from '../helpers/postgres.js';

/** A backend: `open()` gives a fresh, empty database; `cleanup()` removes what `open` made. */
export interface RegistryBackend {
  readonly name: string;
  /** Why the backend cannot run here (suites skip it), or undefined. */
  readonly unavailable?: string;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

function sqliteFile(): RegistryBackend {
  const dirs: string[] = [];
  return {
    name: 'sqlite-file',
    open: async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gen2to3-backend-'));
      dirs.push(dir);
      return openSqliteDatabase({ filename: path.join(dir, 'gen3.sqlite3') });
    },
    cleanup: async () => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

function postgres(): RegistryBackend {
  const base = pgUrl();
  const made: string[] = [];
  return {
    name: 'postgresql',
    ...(base ? {} : { unavailable: 'no PostgreSQL test server' }),
    open: async () => {
      if (!base) throw new Error('no PostgreSQL test server');
      const name = `b_${process.pid}_${randomBytes(4).toString('hex')}`;
      await withPgClient(base, (c) => c.query(`CREATE DATABASE "${name}"`));
      made.push(name);
      const url = withDatabase(base, name);
      await withPgClient(url, (c) => c.query('CREATE EXTENSION IF NOT EXISTS btree_gist'));
      return openPostgresDatabase({ url });
    },
    cleanup: async () => {
      if (!base) return;
      for (const name of made.splice(0)) await withPgClient(base, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Every backend, in a fixed order. */
export function registryBackends(): RegistryBackend[] {
  return [
    { name: 'sqlite-memory', open: () => openSqliteDatabase({ filename: ':memory:' }), cleanup: async () => undefined },
    sqliteFile(),
    postgres(),
  ];
}
