import { describe, expect, it } from 'vitest';
import type { TableSpec } from '../../../../src/gen3/ddl/index.js';
import { isUniqueViolation } from '../../../../src/gen3/db/index.js';
import { openSqliteDatabase } from '../../../../src/gen3/db/sqlite/index.js';

const T: TableSpec = { name: 't', fields: [{ name: 'id', type: 'int', nullable: false }], primaryKey: ['id'] };

describe('Database.savepoint', () => {
  it('undoes only its own writes when it throws, and a unique-key failure is recognised', async () => {
    const db = await openSqliteDatabase({ filename: ':memory:' });
    try {
      await db.createTables([T]);
      await db.transaction(async (trx) => {
        await trx.bulkInsert(T, ['id'], [[1n]]);
        const failure = await trx
          .savepoint(async (sp) => {
            await sp.bulkInsert(T, ['id'], [[3n], [2n]]);
            await sp.bulkInsert(T, ['id'], [[1n]]);
          })
          .then(() => undefined, (e: unknown) => e);
        expect(isUniqueViolation(failure)).toBe(true);
        expect(isUniqueViolation(new Error('other'))).toBe(false);
        await trx.bulkInsert(T, ['id'], [[4n]]);
      });
      const ids = (await db.select('t')).map((r) => r.id);
      expect(ids.sort()).toEqual([1n, 4n]);
    } finally {
      await db.close();
    }
  });
});
