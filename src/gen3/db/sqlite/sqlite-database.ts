import knex from 'knex';
import { DatabaseConnectionError } from '../../errors.js';
import type { Database } from '../database.js';
import { KnexDatabase } from '../knex-database.js';
import { knexLog } from '../knex-log.js';
import type { SqliteConfig } from './sqlite-config.js';
import { sqliteDialect } from './sqlite-dialect.js';

/** Page cache per connection, KiB. */
const SQLITE_CACHE_KIB = 1024 * 1024;

interface BetterSqliteConnection {
  pragma(source: string): unknown;
  defaultSafeIntegers(toggle?: boolean): unknown;
}

/**
 * Opens (creating if missing) a SQLite registry database with `PRAGMA foreign_keys=ON`, as
 * daf_butler opens it. Integers are read as `bigint` (TAI nanoseconds exceed 2^53).
 * @throws DatabaseConnectionError when the file cannot be opened.
 */
export async function openSqliteDatabase(config: SqliteConfig): Promise<Database> {
  const k = knex({
    client: 'better-sqlite3',
    connection: { filename: config.filename },
    useNullAsDefault: true,
    log: knexLog(config.logger),
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: BetterSqliteConnection, done: (err: Error | null, conn: unknown) => void) => {
        try {
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 300000');
          // page cache of this connection (default 2 MiB): large dataset inserts touch random pages of
          // the UUID-keyed indexes; the file format and journal mode are unchanged
          conn.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
          conn.defaultSafeIntegers(true);
          done(null, conn);
        } catch (e) {
          done(e as Error, conn);
        }
      },
    },
  });
  try {
    await k.raw('SELECT 1');
  } catch (e) {
    await k.destroy();
    throw new DatabaseConnectionError(`sqlite:///${config.filename}`, (e as Error).message, { cause: e });
  }
  config.logger?.debug('database-opened', { dialect: 'sqlite', filename: config.filename });
  return new KnexDatabase(k, sqliteDialect);
}
