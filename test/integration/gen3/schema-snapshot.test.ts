// Schema snapshot: a repository made by the real `butler create` and one made by createRepository
// must dump identically (test/interop/dump_schema.py: tables, columns, types, nullability,
// defaults, keys, foreign keys with ON DELETE, indexes, checks, sequences, butler_attributes, rows;
// on SQLite also the CREATE statements). Known differences: none — the diff is empty on both engines.
// The dynamic dataset_tags_K / dataset_calibs_K tables are compared the same way: daf_butler makes
// them by registering dataset types, we make them from datasetTagsTableSpec/datasetCalibsTableSpec.
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/gen3/db/index.js';
import { defaultUniverse } from '../../../src/gen3/dimensions/index.js';
import { createRepository, openRepository } from '../../../src/gen3/repo/index.js';
import { datasetCalibsTableSpec, datasetTagsTableSpec } from '../../../src/gen3/schema/index.js';
import { describePostgres, freshDatabase } from '../../helpers/postgres.js';
import { describeInterop, runButlerCli, runPython } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { dumpSchema, pick, registerWithDafButler, type SchemaDump } from './interop-helpers.js';

const DYNAMIC = ['dataset_tags_00000001', 'dataset_calibs_00000001', 'dataset_tags_00000002'];

async function addDynamicTables(repo: string, url: string): Promise<void> {
  const universe = defaultUniverse();
  const db = await openDatabase(url, { root: repo });
  try {
    await db.createTables([
      datasetTagsTableSpec(universe, 1, ['instrument', 'detector']),
      datasetCalibsTableSpec(universe, 1, ['instrument', 'detector']),
      datasetTagsTableSpec(universe, 2, ['band', 'skymap', 'tract', 'patch']),
    ]);
  } finally {
    await db.close();
  }
}

const WRITEABLE_OPEN = 'import sys\nfrom lsst.daf.butler import Butler\nButler.from_config(sys.argv[1], writeable=True)\n';

function expectSameDump(ours: SchemaDump, theirs: SchemaDump): void {
  expect(Object.keys(ours.tables)).toEqual(Object.keys(theirs.tables));
  for (const name of Object.keys(theirs.tables)) expect(ours.tables[name], name).toEqual(theirs.tables[name]);
  expect(ours).toEqual(theirs);
}

describeInterop('Gen3 schema snapshot vs the real `butler create`', () => {
  const dir = tmpDir('gen2to3-snapshot-');

  describe('SQLite', () => {
    const theirs = path.join(dir, 'sqlite-theirs');
    const ours = path.join(dir, 'sqlite-ours');
    beforeAll(async () => {
      await runButlerCli(['create', theirs]);
      await createRepository(ours);
    });

    it('dumps identically (schema, rows, butler.yaml, CREATE statements)', async () => {
      const [a, b] = await Promise.all([dumpSchema(ours, ['--all-rows', '--ddl']), dumpSchema(theirs, ['--all-rows', '--ddl'])]);
      expect(Object.keys(a.tables)).toHaveLength(48);
      expectSameDump(a, b);
      expect(readFileSync(path.join(ours, 'butler.yaml'), 'utf8')).toBe(readFileSync(path.join(theirs, 'butler.yaml'), 'utf8'));
    });

    it('createDatastoreRecords gives what daf_butler adds on its first writeable open', async () => {
      const opened = path.join(dir, 'sqlite-theirs-opened');
      const upFront = path.join(dir, 'sqlite-ours-records');
      await runButlerCli(['create', opened]);
      await runPython(WRITEABLE_OPEN, [opened]);
      await createRepository(upFront, { createDatastoreRecords: true });
      const [a, b] = await Promise.all([dumpSchema(upFront, ['--all-rows', '--ddl']), dumpSchema(opened, ['--all-rows', '--ddl'])]);
      expect(Object.keys(a.tables)).toHaveLength(49);
      expectSameDump(a, b);
    });

    it('config:dimensions.json equals the string daf_butler stored', async () => {
      const b = await dumpSchema(theirs);
      expect(b.butler_attributes['config:dimensions.json']).toBe(defaultUniverse().serialize());
    });

    it('openRepository accepts the repository daf_butler made', async () => {
      const repo = await openRepository(theirs);
      expect(await repo.db.listTables()).toHaveLength(48);
      await repo.close();
    });

    it('dataset_tags_K / dataset_calibs_K match what daf_butler creates on registration', async () => {
      await registerWithDafButler(theirs);
      await addDynamicTables(ours, `sqlite:///${path.join(ours, 'gen3.sqlite3')}`);
      const [a, b] = await Promise.all([dumpSchema(ours, ['--ddl']), dumpSchema(theirs, ['--ddl'])]);
      expect(Object.keys((pick(b, DYNAMIC) as { ddl: object }).ddl)).toHaveLength(3 + 7 + 8 + 8);
      expect(pick(a, DYNAMIC)).toEqual(pick(b, DYNAMIC));
      expect(Object.keys(a.tables)).toEqual(Object.keys(b.tables).filter((t) => t !== 'file_datastore_records'));
    });
  });

  describePostgres('PostgreSQL', () => {
    const refDb = freshDatabase('snap_theirs');
    const ourDb = freshDatabase('snap_ours');
    const openedDb = freshDatabase('snap_theirs_opened');
    const recordsDb = freshDatabase('snap_ours_records');
    const theirs = path.join(dir, 'pg-theirs');
    const ours = path.join(dir, 'pg-ours');
    beforeAll(async () => {
      const seed = path.join(dir, 'seed.yaml');
      writeFileSync(seed, `registry:\n  db: ${refDb.url}\n`);
      await runButlerCli(['create', '--seed-config', seed, theirs]);
      await createRepository(ours, { db: ourDb.url });
    });

    it('dumps identically (schema, sequences, rows, butler.yaml modulo the database URL)', async () => {
      const [a, b] = await Promise.all([dumpSchema(ours, ['--all-rows', '--stable']), dumpSchema(theirs, ['--all-rows', '--stable'])]);
      expect(Object.keys(a.tables)).toHaveLength(48);
      expect(a.sequences.map((s) => s.name)).toEqual(['collection_seq_collection_id', 'dataset_type_seq_id', 'dimension_graph_key_seq_id']);
      expectSameDump(a, b);
      const text = (repo: string, url: string) => readFileSync(path.join(repo, 'butler.yaml'), 'utf8').replace(url, '<db>');
      expect(text(ours, ourDb.url)).toBe(text(theirs, refDb.url));
      const repo = await openRepository(theirs);
      expect(repo.db.dialect).toBe('postgresql');
      await repo.close();
    });

    it('createDatastoreRecords gives what daf_butler adds on its first writeable open', async () => {
      const opened = path.join(dir, 'pg-theirs-opened');
      const upFront = path.join(dir, 'pg-ours-records');
      const seed = path.join(dir, 'seed-opened.yaml');
      writeFileSync(seed, `registry:\n  db: ${openedDb.url}\n`);
      await runButlerCli(['create', '--seed-config', seed, opened]);
      await runPython(WRITEABLE_OPEN, [opened]);
      await createRepository(upFront, { db: recordsDb.url, createDatastoreRecords: true });
      const [a, b] = await Promise.all([dumpSchema(upFront, ['--all-rows', '--stable']), dumpSchema(opened, ['--all-rows', '--stable'])]);
      expect(Object.keys(a.tables)).toHaveLength(49);
      expectSameDump(a, b);
    });

    it('dataset_tags_K / dataset_calibs_K (with its sequence) match what daf_butler creates', async () => {
      await registerWithDafButler(theirs);
      await addDynamicTables(ours, ourDb.url);
      const [a, b] = await Promise.all([dumpSchema(ours), dumpSchema(theirs)]);
      expect(pick(a, DYNAMIC)).toEqual(pick(b, DYNAMIC));
      expect(a.sequences).toEqual(b.sequences);
    });
  });
});
