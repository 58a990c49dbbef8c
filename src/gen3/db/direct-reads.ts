/**
 * Synchronous reads on the database's own idle connection, for the registry's hot lookups
 * (find-first, datastore records). Only engines whose driver is in-process and synchronous offer it
 * (SQLite through better-sqlite3); elsewhere `Database.direct` is undefined and callers use knex.
 */
export interface DirectReads {
  /**
   * The rows of a read-only statement (`?` placeholders; prepared once per SQL text), run at once on
   * the connection; `undefined` when the connection is inside a transaction or closed — then the
   * caller takes the knex path, which waits for the transaction as any query does.
   */
  all(sql: string, params: readonly unknown[]): Record<string, unknown>[] | undefined;
  /**
   * A token that differs whenever the database may have changed since it was taken: a write through
   * this connection (committed or not), a commit by any other connection or process, a new
   * connection. `undefined` when {@link DirectReads.all} would be.
   */
  generation(): string | undefined;
}
