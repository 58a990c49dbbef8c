import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../../src/gen3/db/sqlite/index.js';
import { freshPaths } from '../../../helpers/tmp-dir.js';

/** A database file of its own for each test. */
const tempFile = freshPaths('gen3.sqlite3', 'sqlite-journal-');

describe('SQLite journal mode', () => {
  it('writes through a WAL (synchronous NORMAL) while open and hands back a rollback-journal file on close', async () => {
    const file = tempFile();
    const db = await openSqliteDatabase({ filename: file });
    await db.knex.raw('CREATE TABLE t (x INTEGER)');
    await db.transaction(async (trx) => void (await trx.knex.raw('INSERT INTO t VALUES (1), (2)')));
    expect(await db.knex.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await db.knex.raw('PRAGMA synchronous')).toEqual([{ synchronous: 1n }]);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(raw.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
    } finally {
      raw.close();
    }
  });

  it('keeps WAL mode, without waiting, when another connection still has the file open', async () => {
    const file = tempFile();
    const other = new Database(file);
    try {
      const db = await openSqliteDatabase({ filename: file });
      await db.knex.raw('CREATE TABLE t (x INTEGER)');
      other.prepare('SELECT 1').get();
      const t = Date.now();
      await db.close();
      expect(Date.now() - t).toBeLessThan(5000);
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(other.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 1 });
    } finally {
      other.close();
    }
  });
});
