import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/gen3/db/index.js';
import { parsePostgresUrl } from '../../../../src/gen3/db/postgres/index.js';
import { openSqliteDatabase } from '../../../../src/gen3/db/sqlite/index.js';
import { DatabaseConnectionError, DatabaseUrlError, redactUrl } from '../../../../src/gen3/errors.js';

describe('opening databases', () => {
  it('opens SQLite with foreign keys on, as daf_butler does', async () => {
    const db = await openSqliteDatabase({ filename: ':memory:' });
    try {
      const rows = (await db.knex.raw('PRAGMA foreign_keys')) as { foreign_keys: number }[];
      expect(rows).toEqual([{ foreign_keys: 1n }]);
      expect(db.capabilities).toEqual({ supportsRangeTimespan: false, supportsSequences: false, supportsTransactionalDdl: true, supportsExclusionConstraints: false });
    } finally {
      await db.close();
    }
  });

  it('expands <butlerRoot> in sqlite:/// URLs', async () => {
    await expect(openDatabase('sqlite:///<butlerRoot>/gen3.sqlite3', { root: '/nonexistent/dir' })).rejects.toBeInstanceOf(DatabaseConnectionError);
  });

  it('rejects unsupported and malformed URLs with DatabaseUrlError', async () => {
    await expect(openDatabase('mysql://h/db')).rejects.toBeInstanceOf(DatabaseUrlError);
    expect(() => parsePostgresUrl('postgresql://h')).toThrow(/no database name/);
    expect(() => parsePostgresUrl('http://h/db')).toThrow(DatabaseUrlError);
    expect(() => parsePostgresUrl('postgresql://u:pw@h:5432/db')).not.toThrow();
  });

  it('never shows passwords in messages', () => {
    expect(redactUrl('postgresql://user:secret@host:5432/db')).toBe('postgresql://user:***@host:5432/db');
    expect(new DatabaseConnectionError('postgresql://user:secret@host/db', 'refused').message).not.toContain('secret');
  });
});
