// The real daf_butler opens repositories made by createRepository, reads them with its CLI and
// writes to them through its Python API, on SQLite and PostgreSQL. Also: ids we draw from the
// PostgreSQL sequences do not collide with the ones daf_butler draws afterwards.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepository, createRepository } from '../../../src/gen3/repo/index.js';
import { COLLECTION, RUN } from '../../../src/gen3/schema/index.js';
import { describePostgres, freshDatabase } from '../../helpers/postgres.js';
import { describeInterop, runButlerCli, runPythonJson } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { registerWithDafButler } from './interop-helpers.js';

async function expectEmptyListings(repo: string): Promise<void> {
  // What daf_butler prints for a repository it created itself and left empty.
  expect(await runButlerCli(['query-collections', repo])).toBe('');
  expect(await runButlerCli(['query-dataset-types', repo])).toBe('No results. Try --help for more information.\n');
}

async function expectWriteable(repo: string): Promise<void> {
  expect(await registerWithDafButler(repo)).toEqual({ collections: ['u/someone/run'], dataset_types: ['bias', 'deepCoadd'] });
  const collections = await runButlerCli(['query-collections', repo]);
  expect(collections).toMatch(/u\/someone\/run\s+RUN/);
}

const COLLECTIONS_SCRIPT = `
import json, sys
from lsst.daf.butler import Butler
butler = Butler.from_config(sys.argv[1], writeable=True)
butler.registry.registerRun("theirs")
print(json.dumps(sorted(butler.collections.query("*"))))
`;

describeInterop('daf_butler opens repositories made by createRepository', () => {
  const dir = tmpDir('gen2to3-opens-');

  describe('SQLite', () => {
    it('query-collections / query-dataset-types succeed (empty)', async () => {
      const repo = path.join(dir, 'sqlite-a');
      await createRepository(repo);
      await expectEmptyListings(repo);
    });

    it('Butler(writeable=True) registers a dataset type and a RUN', async () => {
      const repo = path.join(dir, 'sqlite-b');
      await createRepository(repo);
      await expectWriteable(repo);
    });

    it('accepts file_datastore_records created up front', async () => {
      const repo = path.join(dir, 'sqlite-c');
      await createRepository(repo, { createDatastoreRecords: true });
      await expectWriteable(repo);
    });
  });

  describePostgres('PostgreSQL', () => {
    const a = freshDatabase('opens_a');
    const b = freshDatabase('opens_b');

    it('query-collections / query-dataset-types succeed (empty); Butler(writeable=True) registers', async () => {
      const repo = path.join(dir, 'pg-a');
      await createRepository(repo, { db: a.url });
      await expectEmptyListings(repo);
      await expectWriteable(repo);
    });

    it('collection ids we draw from collection_seq_collection_id do not collide with daf_butler', async () => {
      const repo = path.join(dir, 'pg-b');
      await createRepository(repo, { db: b.url });
      const ours = await openRepository(repo);
      try {
        const id = await ours.db.insertWithId(COLLECTION, { name: 'ours', type: 1 });
        await ours.db.insert(RUN, [{ collection_id: id }]);
        expect(id).toBe(1);
      } finally {
        await ours.close();
      }
      expect(await runPythonJson(COLLECTIONS_SCRIPT, [repo])).toEqual(['ours', 'theirs']);
    });
  });
});
