import type { DirectReads } from '../direct-reads.js';
import { BoundedMap } from '../../../cache/bounded-map.js';

interface Statement {
  all(...params: unknown[]): Record<string, unknown>[];
  get(...params: unknown[]): unknown;
  pluck(toggle?: boolean): Statement;
}

/** The parts of a better-sqlite3 connection used here. */
export interface DirectSqliteConnection {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): Statement;
}

/** Most prepared statements kept per connection (emptied when full). */
const STATEMENT_LIMIT = 501;

/** The connection the knex pool (min = max = 1) currently holds, set by its `afterCreate`. */
export class SqliteConnectionSlot {
  #conn: DirectSqliteConnection | undefined;
  #serial = 0;
  #statements = new BoundedMap<string, Statement>(STATEMENT_LIMIT);

  /** Records a connection the pool created (a replaced one's statements are dropped). */
  set(conn: DirectSqliteConnection): void {
    this.#conn = conn;
    this.#serial += 1;
    this.#statements = new BoundedMap(STATEMENT_LIMIT);
  }

  /** The connection when it is open and idle (no transaction), with its serial number. */
  idle(): { conn: DirectSqliteConnection; serial: number } | undefined {
    const conn = this.#conn;
    if (!conn?.open || conn.inTransaction) return undefined;
    return { conn, serial: this.#serial };
  }

  /** The prepared statement of `sql` on the current connection (`pluck`: returning the first column's value). */
  statement(conn: DirectSqliteConnection, sql: string, pluck = false): Statement {
    const key = pluck ? `pluck:${sql}` : sql;
    let stmt = this.#statements.get(key);
    if (!stmt) {
      stmt = conn.prepare(sql);
      if (pluck) stmt.pluck(true);
      this.#statements.set(key, stmt);
    }
    return stmt;
  }
}

/** Moves with every row this connection writes (committed or not). */
const OWN_CHANGES_SQL = 'SELECT total_changes()';
/** Moves with every commit of another connection (a shared lock and a look at the file header). */
const DATA_VERSION_SQL = 'PRAGMA data_version';

/** {@link DirectReads} over the connection in `slot`. */
export function sqliteDirectReads(slot: SqliteConnectionSlot): DirectReads {
  return {
    all(sql, params) {
      const idle = slot.idle();
      if (!idle) return undefined;
      return slot.statement(idle.conn, sql).all(...params);
    },
    generation() {
      const idle = slot.idle();
      if (!idle) return undefined;
      const own = slot.statement(idle.conn, OWN_CHANGES_SQL, true).get();
      const others = slot.statement(idle.conn, DATA_VERSION_SQL, true).get();
      return `${idle.serial}:${String(own)}:${String(others)}`;
    },
  };
}
