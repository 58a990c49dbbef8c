// The Database contract on every backend of test/conformance/registry-backends.ts.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TableSpec } from '../../../src/gen3/ddl/index.js';
import type { Database } from '../../../src/gen3/db/index.js';
import { TIMESPAN_MAX } from '../../../src/gen3/db/index.js';
import { defaultUniverse } from '../../../src/gen3/dimensions/index.js';
import { DatabaseQueryError, RegistryConflictError } from '../../../src/gen3/errors.js';
import { COLLECTION, RUN, elementTableSpec } from '../../../src/gen3/schema/index.js';
import { PG_REQUIRED } from '../../helpers/postgres.js';
import { registryBackends } from '../../conformance/registry-backends.js';

const universe = defaultUniverse();
const INSTRUMENT = elementTableSpec(universe, universe.element('instrument'));
const DAY_OBS = elementTableSpec(universe, universe.element('day_obs'));
const SPECS: TableSpec[] = [COLLECTION, RUN, INSTRUMENT, DAY_OBS];

for (const backend of registryBackends()) {
  const run = backend.unavailable && !PG_REQUIRED ? describe.skip : describe;
  run(`Database on ${backend.name}`, () => {
    let db: Database;
    beforeEach(async () => {
      db = await backend.open();
      await db.createTables(SPECS);
    });
    afterEach(async () => {
      await db.close();
    });
    afterAll(() => backend.cleanup());

    it('creates tables and lists them', async () => {
      expect(await db.listTables()).toEqual(expect.arrayContaining(['collection', 'run', 'instrument', 'day_obs']));
      expect(db.capabilities.supportsRangeTimespan).toBe(db.dialect === 'postgresql');
    });

    it('draws autoincrement ids from 1 (sequence in PostgreSQL, rowid in SQLite)', async () => {
      expect(await db.insertWithId(COLLECTION, { name: 'a', type: 1 })).toBe(1);
      expect(await db.insertWithId(COLLECTION, { name: 'b', type: 2 })).toBe(2);
    });

    it('inserts in chunks and round-trips timespans', async () => {
      await db.insert(INSTRUMENT, [{ name: 'Cam' }]);
      const rows = Array.from({ length: 25 }, (_, i) => ({ instrument: 'Cam', id: 20200101 + i, timespan: i === 0 ? null : { begin: 1577836800000000000n, end: TIMESPAN_MAX } }));
      await db.insert(DAY_OBS, rows, { chunkSize: 7 });
      expect(await db.select('day_obs')).toHaveLength(25);
      const [first] = await db.select('day_obs', { id: 20200102 });
      if (db.capabilities.supportsRangeTimespan) expect(first?.timespan).toBe('[1577836800000000000,)');
      else expect(String(first?.timespan_end)).toBe('4102444800000000000');
    });

    it('ensure inserts only missing rows', async () => {
      await db.ensure(INSTRUMENT, [{ name: 'A', visit_max: 1 }]);
      await db.ensure(INSTRUMENT, [{ name: 'A', visit_max: 99 }, { name: 'B', visit_max: 2 }]);
      const rows = await db.select('instrument');
      expect(rows.map((r) => [r.name, Number(r.visit_max)]).sort()).toEqual([['A', 1], ['B', 2]]);
    });

    it('sync inserts, accepts an identical row, and rejects a different one with RegistryConflictError', async () => {
      expect(await db.sync(INSTRUMENT, { name: 'A', visit_max: 5, class_name: 'x.Y' })).toBe('inserted');
      expect(await db.sync(INSTRUMENT, { name: 'A', visit_max: 5, class_name: 'x.Y' })).toBe('existing');
      const err = await db.sync(INSTRUMENT, { name: 'A', visit_max: 6, class_name: 'x.Y' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RegistryConflictError);
      expect(err).toMatchObject({ code: 'GEN3_REGISTRY_CONFLICT', table: 'instrument', key: { name: 'A' } });
      expect((err as Error).message).toMatch(/instrument.*"name":"A".*existing .*"visit_max":"?5"?.*expected .*"visit_max":6/);
    });

    it('rolls back a failed transaction and enforces foreign keys', async () => {
      await expect(
        db.transaction(async (trx) => {
          await trx.insert(INSTRUMENT, [{ name: 'Gone' }]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await db.select('instrument')).toEqual([]);
      await expect(db.insert(DAY_OBS, [{ instrument: 'Nope', id: 1 }])).rejects.toBeInstanceOf(DatabaseQueryError);
    });
  });
}
