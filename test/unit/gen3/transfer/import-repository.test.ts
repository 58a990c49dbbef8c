// importRepository / planExport / ingestFilesFromTable on real SQLite repositories: a round trip
// through the export document, and bad input that must leave neither rows nor files behind.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { RegistryConflictError } from '../../../../src/gen3/errors.js';
import { TransferError } from '../../../../src/gen3/datastore/index.js';
import { ingestFilesFromTable } from '../../../../src/gen3/datastore/ingest-files.js';
import { readIngestTable } from '../../../../src/gen3/datastore/ingest-files-table.js';
import { MissingDatasetTypeError, Registry, RegistryValidationError } from '../../../../src/gen3/registry/index.js';
import { createRepository, openRepository, type Repository } from '../../../../src/gen3/repo/index.js';
import { ExportFormatError, parseExport, writeExport } from '../../../../src/gen3/transfer/index.js';
import { planExport } from '../../../../src/gen3/transfer/export-repository.js';
import { importRepository, registryRowCounts } from '../../../../src/gen3/transfer/import-repository.js';
import { ImportRepositoryError, IngestTableError } from '../../../../src/gen3/transfer/repository-transfer-errors.js';
import { describePostgres, freshDatabase } from '../../../helpers/postgres.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const DOC = `description: Butler Data Repository Export
version: 1.0.2
universe_version: 8
universe_namespace: daf_butler
data:
- type: dimension
  element: instrument
  records:
  - name: Cam1
    visit_max: 1024
    exposure_max: 512
    detector_max: 4
    class_name: lsst.pipe.base.Instrument
- type: dimension
  element: detector
  records:
  - instrument: Cam1
    id: 1
    full_name: Aa
  - instrument: Cam1
    id: 2
    full_name: Ab
- type: collection
  collection_type: RUN
  name: run/a
  host: null
  timespan_begin: null
  timespan_end: null
- type: collection
  collection_type: TAGGED
  name: tagged
- type: collection
  collection_type: CALIBRATION
  name: calib
- type: collection
  collection_type: CHAINED
  name: chain
  children:
  - tagged
  - calib
- type: dataset_type
  name: bias
  dimensions:
  - instrument
  - detector
  storage_class: StructuredDataDict
  is_calibration: true
- type: dataset
  dataset_type: bias
  run: run/a
  records:
  - dataset_id:
    - !uuid '11111111-1111-4111-8111-111111111111'
    data_id:
    - instrument: Cam1
      detector: 1
    path: files/bias_1.yaml
    formatter: lsst.daf.butler.formatters.yaml.YamlFormatter
  - dataset_id:
    - !uuid '22222222-2222-4222-8222-222222222222'
    data_id:
    - instrument: Cam1
      detector: 2
    path: files/bias_2.yaml
    formatter: lsst.daf.butler.formatters.yaml.YamlFormatter
- type: associations
  collection: tagged
  collection_type: TAGGED
  dataset_ids:
  - !uuid '11111111-1111-4111-8111-111111111111'
- type: associations
  collection: calib
  collection_type: CALIBRATION
  validity_ranges:
  - timespan: !lsst.daf.butler.Timespan
      begin: !butler_time/tai/iso '2020-01-01 00:00:00.000000000'
      end: null
    dataset_ids:
    - !uuid '11111111-1111-4111-8111-111111111111'
    - !uuid '22222222-2222-4222-8222-222222222222'
`;

let dir: string;
let exportDir: string;
const base = tmpDir('gen2to3-import-');
let n = 0;

/** The database URL of the next repository (undefined: SQLite), set per backend below. */
let nextDb: () => string | undefined = () => undefined;

async function freshRepo(): Promise<Repository> {
  n += 1;
  const root = path.join(base, `repo${n}`);
  const db = nextDb();
  await createRepository(root, db !== undefined ? { db } : {});
  return openRepository(root);
}

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

async function expectNothingWritten(repo: Repository, before: Record<string, number>, beforeFiles: string[], fn: () => Promise<unknown>, type: new (...a: never[]) => Error): Promise<void> {
  await expect(fn()).rejects.toBeInstanceOf(type);
  expect(await registryRowCounts(repo.db)).toEqual(before);
  expect(filesUnder(repo.root)).toEqual(beforeFiles);
}

beforeEach(() => {
  n += 1;
  dir = path.join(base, `case${n}`);
  exportDir = path.join(dir, 'export');
  mkdirSync(path.join(exportDir, 'files'), { recursive: true });
  writeFileSync(path.join(exportDir, 'files', 'bias_1.yaml'), 'a: 1\n');
  writeFileSync(path.join(exportDir, 'files', 'bias_2.yaml'), 'a: 2\n');
});

function defineSuite(): void {
describe('importRepository', () => {
  it('imports records, collections, datasets with their ids, files, tags and certifications; export gives the same document back', async () => {
    const repo = await freshRepo();
    try {
      const registry = Registry.of(repo);
      const summary = await importRepository(registry, repo.root, parseExport(DOC, 'doc.yaml').document, { directory: exportDir, transfer: 'copy' });
      expect(summary).toMatchObject({ datasets: 2, files: 2, tagged: 1, certified: 2, dimensionRecords: 3 });
      expect((await registry.queryDatasets('bias', ['tagged'])).map((r) => r.id)).toEqual(['11111111-1111-4111-8111-111111111111']);
      expect((await registry.queryDatasets('bias', ['calib'])).map((r) => r.id).sort()).toEqual(['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']);
      expect(await registry.getCollectionChain('chain')).toEqual(['tagged', 'calib']);
      const stored = filesUnder(repo.root).filter((f) => f.endsWith('.yaml') && !f.startsWith('butler'));
      expect(stored).toEqual(['run/a/bias/bias_Cam1_Aa_run_a.yaml', 'run/a/bias/bias_Cam1_Ab_run_a.yaml']);
      // importing the same document again is a no-op
      const before = await registryRowCounts(repo.db);
      await importRepository(registry, repo.root, parseExport(DOC, 'doc.yaml').document, { directory: exportDir, transfer: 'copy' });
      expect(await registryRowCounts(repo.db)).toEqual(before);
      // export: same items back
      const plan = await planExport(registry, repo.root, { collections: ['chain'], directory: exportDir });
      const again = parseExport(writeExport(plan.document), 'again.yaml').document;
      const kinds = again.data.map((i) => `${i.type}:${'element' in i ? i.element : 'name' in i ? i.name : 'collection' in i ? i.collection : i.datasetType}`);
      expect(kinds).toEqual(['dimension:instrument', 'dimension:detector', 'collection:calib', 'collection:run/a', 'collection:tagged', 'collection:chain', 'dataset_type:bias', 'dataset:bias', 'associations:calib', 'associations:tagged']);
      const ds = again.data.find((i) => i.type === 'dataset');
      expect(ds?.type === 'dataset' ? ds.records.map((r) => r.path) : []).toEqual(['run/a/bias/bias_Cam1_Aa_run_a.yaml', 'run/a/bias/bias_Cam1_Ab_run_a.yaml']);
    } finally {
      await repo.close();
    }
  });

  it('refuses bad input with typed errors and leaves neither rows nor files', async () => {
    const repo = await freshRepo();
    try {
      const registry = Registry.of(repo);
      const before = await registryRowCounts(repo.db);
      const files = filesUnder(repo.root);
      expect(() => parseExport('data: [unclosed', 'bad.yaml')).toThrow(ExportFormatError);
      const unknownElement = DOC.replace('element: detector', 'element: detektor');
      await expectNothingWritten(repo, before, files, () => importRepository(registry, repo.root, parseExport(unknownElement, 'x.yaml').document, { directory: exportDir, transfer: 'copy' }), ImportRepositoryError);
      const unknownField = DOC.replace('full_name: Ab', 'full_name: Ab\n    colour: red');
      await expectNothingWritten(repo, before, files, () => importRepository(registry, repo.root, parseExport(unknownField, 'x.yaml').document, { directory: exportDir, transfer: 'copy' }), RegistryValidationError);
      const missingFile = DOC.replace('files/bias_2.yaml', 'files/nope.yaml');
      await expectNothingWritten(repo, before, files, () => importRepository(registry, repo.root, parseExport(missingFile, 'x.yaml').document, { directory: exportDir, transfer: 'copy' }), TransferError);
      // a failed move puts the moved file back
      await expectNothingWritten(repo, before, files, () => importRepository(registry, repo.root, parseExport(missingFile, 'x.yaml').document, { directory: exportDir, transfer: 'move' }), TransferError);
      expect(existsSync(path.join(exportDir, 'files', 'bias_1.yaml'))).toBe(true);
      // conflicting re-import: same data ID under another record value
      await importRepository(registry, repo.root, parseExport(DOC, 'doc.yaml').document, { directory: exportDir, transfer: 'copy' });
      const after = await registryRowCounts(repo.db);
      const afterFiles = filesUnder(repo.root);
      const conflicting = DOC.replace('full_name: Ab', 'full_name: Zz');
      await expectNothingWritten(repo, after, afterFiles, () => importRepository(registry, repo.root, parseExport(conflicting, 'x.yaml').document, { directory: exportDir, transfer: 'copy' }), RegistryConflictError);
    } finally {
      await repo.close();
    }
  });
});

describe('ingestFilesFromTable', () => {
  it('reads ECSV and CSV tables and ingests one dataset per row, all or nothing', async () => {
    const repo = await freshRepo();
    try {
      const registry = Registry.of(repo);
      await registry.insertDimensionData({ instrument: [{ name: 'Cam1', visit_max: 10, exposure_max: 10, detector_max: 4, class_name: 'x.Y' }], detector: [1, 2].map((id) => ({ instrument: 'Cam1', id, full_name: `D${id}` })) });
      await registry.registerDatasetType({ name: 'summary', dimensions: ['instrument', 'detector'], storageClass: 'StructuredDataDict' });
      const ecsv = '# %ECSV 1.0\n# ---\n# datatype:\n# - {name: file, datatype: string}\n# - {name: detector, datatype: int64}\n# schema: astropy-2.0\nfile detector\nfiles/bias_1.yaml 1\n"files/bias_2.yaml" 2\n';
      const table = readIngestTable(ecsv, 't.ecsv');
      expect(table.rows).toEqual([['files/bias_1.yaml', 1n], ['files/bias_2.yaml', 2n]]);
      expect(readIngestTable('file,detector\nfiles/bias_1.yaml,1\n', 't.csv').rows).toEqual([['files/bias_1.yaml', 1n]]);
      expect(() => readIngestTable('file,detector\na,1,2\n', 't.csv')).toThrow(IngestTableError);
      const before = await registryRowCounts(repo.db);
      const files = filesUnder(repo.root);
      const opts = { datasetType: 'summary', run: 'r', dataId: { instrument: 'Cam1' }, formatter: 'lsst.daf.butler.formatters.yaml.YamlFormatter', prefix: exportDir, transfer: 'copy' as const, idMode: 'DATAID_TYPE_RUN' as const };
      await expectNothingWritten(repo, before, files, () => ingestFilesFromTable(registry, repo.root, readIngestTable('file,detector\nfiles/bias_1.yaml,1\nfiles/none.yaml,2\n', 't.csv'), opts), TransferError);
      await expectNothingWritten(repo, before, files, () => ingestFilesFromTable(registry, repo.root, readIngestTable('file,detector\nfiles/bias_1.yaml,3\n', 't.csv'), opts), RegistryValidationError);
      await expect(ingestFilesFromTable(registry, repo.root, table, { ...opts, datasetType: 'nope' })).rejects.toBeInstanceOf(MissingDatasetTypeError);
      const result = await ingestFilesFromTable(registry, repo.root, table, opts);
      expect(result.refs).toHaveLength(2);
      expect(filesUnder(repo.root).filter((f) => f.startsWith('r/'))).toEqual(['r/summary/summary_Cam1_D1_r.yaml', 'r/summary/summary_Cam1_D2_r.yaml']);
    } finally {
      await repo.close();
    }
  });
});
}

describe('SQLite', () => {
  beforeEach(() => {
    nextDb = () => undefined;
  });
  defineSuite();
});

describePostgres('PostgreSQL', () => {
  const dbs = [freshDatabase('import_a'), freshDatabase('import_b'), freshDatabase('import_c')];
  let k = 0;
  beforeEach(() => {
    nextDb = () => dbs[k++]?.url;
  });
  defineSuite();
});
