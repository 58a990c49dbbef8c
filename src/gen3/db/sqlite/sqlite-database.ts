import knex from 'knex';
import { DatabaseConnectionError } from '../../errors.js';
import type { Database } from '../database.js';
import { KnexDatabase } from '../knex-database.js';
import { MetadataCache } from '../metadata-cache.js';
import { knexLog } from '../knex-log.js';
import type { SqliteConfig } from './sqlite-config.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { SqliteConnectionSlot, sqliteDirectReads, type DirectSqliteConnection } from './sqlite-direct-reads.js';

/**
 * Page cache per connection, KiB: large dataset inserts touch random pages of the UUID-keyed
 * indexes (default cache: 2 MiB); bounded so a 1M-dataset conversion stays well under 1.5 GB RSS.
 */
const SQLITE_CACHE_KIB = 384 * 1024;

interface BetterSqliteConnection extends DirectSqliteConnection {
  pragma(source: string): unknown;
  defaultSafeIntegers(toggle?: boolean): unknown;
}

/**
 * Opens (creating if missing) a SQLite registry database with `PRAGMA foreign_keys=ON`, as
 * daf_butler opens it. Integers are read as `bigint` (TAI nanoseconds exceed 2^53). The file is
 * written through a WAL (`synchronous=NORMAL`) while open and switched back to rollback-journal
 * mode by `close()` (see src/gen3/README.md §13). Hot registry lookups read the pool's one connection
 * directly when it is idle ({@link Database.direct}).
 * @throws DatabaseConnectionError when the file cannot be opened.
 */
export async function openSqliteDatabase(config: SqliteConfig): Promise<Database> {
  const slot = new SqliteConnectionSlot();
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
          conn.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
          // write-ahead log while we hold the file (each modified page written once, not copied to a
          // rollback journal first); a committed transaction survives a killed process. Reverted on close.
          try {
            conn.pragma('journal_mode = WAL');
          } catch {
            // a read-only file or directory: keep its journal mode (reads do not need the log)
          }
          conn.pragma('synchronous = NORMAL');
          conn.defaultSafeIntegers(true);
          slot.set(conn);
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
  return new SqliteDatabase(k, sqliteDialect, false, new MetadataCache(), sqliteDirectReads(slot));
}

/** A SQLite {@link KnexDatabase} that hands the file back in rollback-journal mode when closed. */
class SqliteDatabase extends KnexDatabase {
  override async close(): Promise<void> {
    try {
      // checkpoints and removes the -wal file; fails at once (left in WAL mode, checkpointed by the last
      // connection to close) when another connection still has the file open
      await this.knex.raw('PRAGMA busy_timeout = 0');
      await this.knex.raw('PRAGMA journal_mode = DELETE');
    } catch {
      // another connection holds the file: it stays in WAL mode, which SQLite and daf_butler read as well
    }
    await super.close();
  }
}
