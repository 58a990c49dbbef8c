// Conformance tests of the bulk dataset paths (insertDatasets batches, ingestDatasets) and of the
// metadata cache behind lookups; run on every backend by registry.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DATASTORE_NAME, NULL_COMPONENT } from '../../src/gen3/datastore/datastore-records.js';
import { DatabaseQueryError, RegistryConflictError } from '../../src/gen3/errors.js';
import { makeDatasetId } from '../../src/gen3/ids/index.js';
import type { IngestEntry, Registry } from '../../src/gen3/registry/index.js';
import { DatasetConflictError, ensureFileRecordsTable, MissingCollectionError, MissingDatasetTypeError, RegistryValidationError } from '../../src/gen3/registry/index.js';
import { FILE_DATASTORE_RECORDS } from '../../src/gen3/schema/index.js';
import { INSTRUMENT, RAW_RUN, emptyRegistry, expectUnchanged, populateDemo, rawDataIds, snapshot, type OpenDatabase } from './registry-suite.js';

/** Exposures 2020010200003 … (2 + extra) with groups, so batches exceed one multi-row statement. */
async function addExposures(registry: Registry, extra: number): Promise<Record<string, unknown>[]> {
  const ns = Array.from({ length: extra }, (_, i) => i + 3);
  await registry.insertDimensionData({
    group: ns.map((n) => ({ instrument: INSTRUMENT, name: `grp${n}` })),
    exposure: ns.map((n) => ({ instrument: INSTRUMENT, id: 2020010200000 + n, day_obs: 20200102, group: `grp${n}`, physical_filter: 'demo-r', obs_id: `DM_O_${n}`, exposure_time: 30, dark_time: 30, observation_type: 'science', seq_num: n })),
  });
  return [...rawDataIds(), ...ns.flatMap((n) => [0, 1].map((detector) => ({ instrument: INSTRUMENT, exposure: 2020010200000 + n, detector })))];
}

function entry(dataId: Record<string, unknown>, extra: Partial<IngestEntry> = {}): IngestEntry {
  return { dataId, path: `file:///data/${String(dataId.exposure)}/${String(dataId.detector)}.fits`, formatter: 'lsst.obs.demo.RawFormatter', ...extra };
}

function count(registry: Registry, table: string): Promise<number> {
  return registry.db.select(table).then((rows) => rows.length);
}

/** The bulk-path behaviours on one backend. */
export function defineRegistryBulkTests(name: string, open: OpenDatabase): void {
  describe(`Registry bulk paths on ${name}`, () => {
    let registry: Registry;
    beforeEach(async () => {
      registry = await emptyRegistry(open);
      await populateDemo(registry);
      await registry.registerRun(RAW_RUN);
    });
    afterEach(async () => {
      await registry.db.close();
    });

    it('a batch mixing new and identical datasets writes only the new ones and returns every ref', async () => {
      const dataIds = await addExposures(registry, 150);
      expect(dataIds).toHaveLength(304);
      const first = await registry.insertDatasets('raw', RAW_RUN, dataIds.filter((_, i) => i % 3 === 0), { idMode: 'DATAID_TYPE_RUN' });
      // repeats inside the batch are allowed when identical
      const all = await registry.insertDatasets('raw', RAW_RUN, [...dataIds, dataIds[5] ?? {}], { idMode: 'DATAID_TYPE_RUN' });
      expect(all).toHaveLength(305);
      expect(all.filter((_, i) => i % 3 === 0 && i < 304).map((r) => r.id)).toEqual(first.map((r) => r.id));
      expect(all[7]?.id).toBe(makeDatasetId({ datasetType: 'raw', run: RAW_RUN, requiredDataId: dataIds[7] as Record<string, number | string> }, 'DATAID_TYPE_RUN'));
      expect(await count(registry, 'dataset')).toBe(304);
      expect(await count(registry, 'dataset_tags_00000001')).toBe(304);
      for (const i of [0, 1, 150, 303]) expect((await registry.findDataset('raw', dataIds[i] ?? {}, RAW_RUN))?.id).toBe(all[i]?.id);
      // explicit ids: identical ones are accepted again
      const again = await registry.insertDatasets('raw', RAW_RUN, dataIds.slice(0, 3), { ids: all.slice(0, 3).map((r) => r.id.replace(/-/g, '')) });
      expect(again.map((r) => r.id)).toEqual(all.slice(0, 3).map((r) => r.id));
    });

    it('a conflicting dataset anywhere in a batch leaves the database unchanged', async () => {
      const dataIds = await addExposures(registry, 150);
      await registry.insertDatasets('raw', RAW_RUN, dataIds.slice(0, 10), { idMode: 'DATAID_TYPE_RUN' });
      // 290 new, 10 identical, and one existing data ID under another id at the end
      const batch = [...dataIds.slice(10, 300), ...dataIds.slice(0, 10)];
      const ids = batch.map((d) => makeDatasetId({ datasetType: 'raw', run: RAW_RUN, requiredDataId: d as Record<string, number | string> }, 'DATAID_TYPE_RUN'));
      ids[ids.length - 1] = '00000000-0000-7000-8000-000000000001';
      await expectUnchanged(registry, () => registry.insertDatasets('raw', RAW_RUN, batch, { ids }), DatasetConflictError);
      await expectUnchanged(registry, () => registry.ingestDatasets('raw', RAW_RUN, batch.map((d, i) => entry(d, { id: ids[i] ?? '' }))), DatasetConflictError);
      // one id for two data IDs
      await expectUnchanged(registry, () => registry.insertDatasets('raw', RAW_RUN, dataIds.slice(20, 22), { ids: [ids[0] ?? '', ids[0] ?? ''] }), DatasetConflictError);
      expect(await count(registry, 'dataset')).toBe(10);
    });

    it('ingestDatasets writes dataset, tags, file_datastore_records and dataset_location rows in one transaction', async () => {
      const dataIds = await addExposures(registry, 100);
      const refs = await registry.ingestDatasets(
        'raw',
        RAW_RUN,
        dataIds.map((d, i) => entry(d, i === 0 ? { checksum: 'ab'.repeat(64), fileSize: 5760, storageClass: 'ExposureF' } : {})),
        { idMode: 'DATAID_TYPE_RUN' },
      );
      expect(refs).toHaveLength(204);
      expect(refs[3]?.id).toBe(makeDatasetId({ datasetType: 'raw', run: RAW_RUN, requiredDataId: dataIds[3] as Record<string, number | string> }, 'DATAID_TYPE_RUN'));
      for (const t of ['dataset', 'dataset_tags_00000001', 'file_datastore_records', 'dataset_location']) expect(await count(registry, t)).toBe(204);
      const records = await registry.db.selectByKeys(FILE_DATASTORE_RECORDS, ['dataset_id'], [[refs[0]?.id], [refs[1]?.id]], ['path', 'formatter', 'storage_class', 'component', 'checksum', 'file_size']);
      const byPath = new Map(records.map((r) => [r.path, r]));
      expect(byPath.get(entry(dataIds[0] ?? {}).path)).toMatchObject({ formatter: 'lsst.obs.demo.RawFormatter', storage_class: 'ExposureF', component: NULL_COMPONENT, checksum: 'ab'.repeat(64) });
      expect(Number(byPath.get(entry(dataIds[0] ?? {}).path)?.file_size)).toBe(5760);
      expect(byPath.get(entry(dataIds[1] ?? {}).path)).toMatchObject({ storage_class: 'Exposure', checksum: null });
      expect(Number(byPath.get(entry(dataIds[1] ?? {}).path)?.file_size)).toBe(-1);
      expect(new Set((await registry.db.select('dataset_location')).map((r) => r.datastore_name))).toEqual(new Set([DEFAULT_DATASTORE_NAME]));
      expect((await registry.db.select('opaque_meta')).map((r) => r.table_name)).toEqual(['file_datastore_records']);

      // identical re-ingest (with more new datasets) is a no-op for the old ones
      const snap = await snapshot(registry.db);
      expect(await registry.ingestDatasets('raw', RAW_RUN, dataIds.map((d, i) => entry(d, i === 0 ? { checksum: 'ab'.repeat(64), fileSize: 5760, storageClass: 'ExposureF' } : {})), { idMode: 'DATAID_TYPE_RUN' })).toEqual(refs);
      expect(await snapshot(registry.db)).toBe(snap);
      // a different record for an existing dataset
      await expectUnchanged(registry, () => registry.ingestDatasets('raw', RAW_RUN, [entry(dataIds[2] ?? {}, { path: 'file:///elsewhere.fits' })], { idMode: 'DATAID_TYPE_RUN' }), RegistryConflictError);
      await expectUnchanged(registry, () => registry.ingestDatasets('raw', RAW_RUN, [entry(dataIds[2] ?? {}, { formatter: '' })], { idMode: 'DATAID_TYPE_RUN' }), RegistryValidationError);
    });

    it('an ingest failing after its dataset rows were written leaves nothing behind', async () => {
      const dataIds = await addExposures(registry, 100);
      await registry.registerRun('second');
      const ids = dataIds.map((d) => makeDatasetId({ datasetType: 'raw', run: 'second', requiredDataId: d as Record<string, number | string> }, 'DATAID_TYPE_RUN'));
      // a stray record for the id the last dataset will get: the records insert fails after dataset + tags rows
      await ensureFileRecordsTable(registry.db);
      await registry.db.bulkInsert(FILE_DATASTORE_RECORDS, ['dataset_id', 'path', 'formatter', 'storage_class', 'component', 'checksum', 'file_size'], [[ids[ids.length - 1], 'stray', 'f', 'Exposure', NULL_COMPONENT, null, 1]]);
      await expectUnchanged(registry, () => registry.ingestDatasets('raw', 'second', dataIds.map((d) => entry(d)), { idMode: 'DATAID_TYPE_RUN' }), DatabaseQueryError);
      // a missing dimension record in the middle of a batch
      const bad = [...dataIds.slice(0, 50), { instrument: INSTRUMENT, detector: 9, exposure: 2020010200001 }, ...dataIds.slice(50)];
      await expectUnchanged(registry, () => registry.ingestDatasets('raw', RAW_RUN, bad.map((d) => entry(d))), RegistryValidationError);
      // inside a caller's transaction, a later failure undoes the ingest too
      const before = await snapshot(registry.db);
      await expect(
        registry.transaction(async (r) => {
          await r.ingestDatasets('raw', RAW_RUN, dataIds.map((d) => entry(d)));
          await r.insertDatasets('raw', 'nonesuch', dataIds.slice(0, 1));
        }),
      ).rejects.toBeInstanceOf(MissingCollectionError);
      expect(await snapshot(registry.db)).toBe(before);
    });

    it('lookups see collections, chains and dataset types registered after a cached lookup', async () => {
      const dataId = rawDataIds()[0] ?? {};
      await registry.registerCollection('defaults', 'CHAINED');
      await registry.setCollectionChain('defaults', [RAW_RUN]);
      const [old] = await registry.insertDatasets('raw', RAW_RUN, [dataId], { idMode: 'DATAID_TYPE_RUN' });
      expect((await registry.findDataset('raw', dataId, 'defaults'))?.id).toBe(old?.id);
      // a new RUN put in front of the chain
      await registry.registerRun('newer');
      const [newer] = await registry.insertDatasets('raw', 'newer', [dataId]);
      expect((await registry.findDataset('raw', dataId, 'defaults'))?.id).toBe(old?.id);
      await registry.setCollectionChain('defaults', ['newer', RAW_RUN]);
      expect(await registry.findDataset('raw', dataId, 'defaults')).toEqual({ ...newer, dataId });
      // a chain registered after the lookups
      await registry.registerCollection('later', 'CHAINED');
      await registry.setCollectionChain('later', [RAW_RUN]);
      expect((await registry.findDataset('raw', dataId, ['later']))?.id).toBe(old?.id);
      // a dataset type registered after a failed lookup
      await expect(registry.findDataset('calexp', { instrument: INSTRUMENT, detector: 0, visit: 1 }, RAW_RUN)).rejects.toBeInstanceOf(MissingDatasetTypeError);
      await registry.registerDatasetType({ name: 'calexp', dimensions: ['instrument', 'detector', 'exposure'], storageClass: 'ExposureF' });
      expect(await registry.findDataset('calexp', dataId, RAW_RUN)).toBeUndefined();
      // a collection registered inside a rolled-back transaction is gone afterwards
      await expect(
        registry.transaction(async (r) => {
          await r.registerRun('temporary');
          await r.insertDatasets('raw', 'temporary', [dataId]);
          expect(await r.findDataset('raw', dataId, 'temporary')).toBeDefined();
          throw new RegistryValidationError('roll back');
        }),
      ).rejects.toBeInstanceOf(RegistryValidationError);
      await expect(registry.findDataset('raw', dataId, 'temporary')).rejects.toBeInstanceOf(MissingCollectionError);
      // removed RUNs are forgotten
      await registry.setCollectionChain('defaults', [RAW_RUN]);
      await registry.removeRuns(['newer']);
      await expect(registry.findDataset('raw', dataId, 'newer')).rejects.toBeInstanceOf(MissingCollectionError);
    });
  });
}
