import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../../src/gen3/db/sqlite/index.js';
import { freshPaths } from '../../../helpers/tmp-dir.js';

/** A database file of its own for each test. */
const tempFile = freshPaths('gen3.sqlite3', 'sqlite-direct-');

describe('SQLite direct reads', () => {
  it('read the idle connection; the generation moves with own writes and with other connections’ commits, not with reads', async () => {
    const file = tempFile();
    const db = await openSqliteDatabase({ filename: file });
    try {
      const direct = db.direct!;
      expect(direct).toBeDefined();
      await db.knex.raw('CREATE TABLE t (x INTEGER)');
      await db.knex.raw('INSERT INTO t VALUES (1)');
      const g0 = direct.generation();
      expect(g0).toMatch(/^\d+:\d+:\d+$/);
      // integers come back as bigint, as through knex
      expect(direct.all('SELECT x FROM t WHERE x = ?', [1])).toEqual([{ x: 1n }]);
      expect(direct.generation()).toBe(g0);
      await db.knex.raw('INSERT INTO t VALUES (2)');
      const g1 = direct.generation();
      expect(g1).not.toBe(g0);
      expect(direct.all('SELECT count(*) AS n FROM t', [])).toEqual([{ n: 2n }]);
      const other = new Database(file);
      try {
        other.prepare('INSERT INTO t VALUES (3)').run();
      } finally {
        other.close();
      }
      const g2 = direct.generation();
      expect(g2).not.toBe(g1);
      expect(direct.all('SELECT count(*) AS n FROM t', [])).toEqual([{ n: 3n }]);
      // a rolled-back write still moves it (what was read inside may be gone)
      await expect(
        db.transaction(async (trx) => {
          await trx.knex.raw('INSERT INTO t VALUES (4)');
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(direct.generation()).not.toBe(g2);
      expect(direct.all('SELECT count(*) AS n FROM t', [])).toEqual([{ n: 3n }]);
    } finally {
      await db.close();
    }
  });

  it('are refused while a transaction holds the connection and after close; transactions have none', async () => {
    const db = await openSqliteDatabase({ filename: tempFile() });
    await db.knex.raw('CREATE TABLE t (x INTEGER)');
    const direct = db.direct!;
    await db.transaction(async (trx) => {
      expect(trx.direct).toBeUndefined();
      await trx.knex.raw('INSERT INTO t VALUES (1)');
      // the uncommitted row must not be read from outside the transaction
      expect(direct.all('SELECT x FROM t', [])).toBeUndefined();
      expect(direct.generation()).toBeUndefined();
    });
    expect(direct.all('SELECT x FROM t', [])).toEqual([{ x: 1n }]);
    await db.close();
    expect(direct.all('SELECT x FROM t', [])).toBeUndefined();
    expect(direct.generation()).toBeUndefined();
  });
});
