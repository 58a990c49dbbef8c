import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../../src/gen3/db/index.js';
import { DatabaseQueryError } from '../../../../src/gen3/errors.js';
import { openSqliteDatabase } from '../../../../src/gen3/db/sqlite/index.js';
import type { TableSpec } from '../../../../src/gen3/ddl/index.js';

const T: TableSpec = {
  name: 'thing',
  fields: [
    { name: 'id', type: 'uuid', nullable: false },
    { name: 'n', type: 'int', nullable: false },
    { name: 'label', type: 'string', length: 16, nullable: true },
    { name: 'flag', type: 'bool', nullable: true },
  ],
  primaryKey: ['id'],
  unique: [{ columns: ['n', 'label'] }],
};

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('Database.bulkInsert / selectByKeys (SQLite)', () => {
  let db: Database;
  beforeEach(async () => {
    db = await openSqliteDatabase({ filename: ':memory:' });
    await db.createTables([T]);
  });
  afterEach(() => db.close());

  it('inserts every row, encoding UUIDs and booleans', async () => {
    const rows = Array.from({ length: 257 }, (_, i) => [uuid(i), BigInt(i), i % 2 ? `l${i}` : null, i % 3 === 0]);
    await db.bulkInsert(T, ['id', 'n', 'label', 'flag'], rows);
    const stored = await db.select('thing');
    expect(stored).toHaveLength(257);
    const last = stored.find((r) => r.n === 256n);
    expect(last).toEqual({ id: uuid(256).replace(/-/g, ''), n: 256n, label: null, flag: 0n });
    const found = await db.selectByKeys(T, ['id'], [[uuid(3)], [uuid(300)], [uuid(256).replace(/-/g, '')]], ['id', 'n']);
    expect(found.map((r) => Number(r.n)).sort((a, b) => a - b)).toEqual([3, 256]);
    const byTwo = await db.selectByKeys(T, ['n', 'label'], [[5, 'l5'], [5, 'l6'], [7, 'l7']], ['label']);
    expect(byTwo.map((r) => r.label).sort()).toEqual(['l5', 'l7']);
  });

  it('ignoreExisting skips rows hitting a key; without it the statement fails and nothing of it is kept', async () => {
    await db.bulkInsert(T, ['id', 'n'], [[uuid(1), 1]]);
    await db.bulkInsert(T, ['id', 'n'], [[uuid(1), 1], [uuid(2), 2]], { ignoreExisting: true });
    expect(await db.select('thing')).toHaveLength(2);
    await expect(db.bulkInsert(T, ['id', 'n'], [[uuid(3), 3], [uuid(2), 2]])).rejects.toBeInstanceOf(DatabaseQueryError);
    expect(await db.select('thing')).toHaveLength(2);
    await expect(db.bulkInsert(T, ['id', 'nope'], [[uuid(4), 4]])).rejects.toThrow(/no column nope/);
  });

  it('joins the caller transaction (rolled back with it)', async () => {
    await expect(
      db.transaction(async (trx) => {
        await trx.bulkInsert(T, ['id', 'n'], [[uuid(1), 1]]);
        expect(await trx.selectByKeys(T, ['id'], [[uuid(1)]], ['n'])).toEqual([{ n: 1n }]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await db.select('thing')).toHaveLength(0);
  });
});
