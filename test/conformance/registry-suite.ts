// The registry conformance suite: one definition, run against every backend by registry.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/gen3/db/index.js';
import type { FileDatastoreRecord } from '../../src/gen3/datastore/datastore-records.js';
import { DEFAULT_DATASTORE_NAME, NULL_COMPONENT } from '../../src/gen3/datastore/datastore-records.js';
import { defaultUniverse } from '../../src/gen3/dimensions/index.js';
import { RegistryConflictError } from '../../src/gen3/errors.js';
import { makeDatasetId } from '../../src/gen3/ids/index.js';
import type { DatasetRef } from '../../src/gen3/registry/index.js';
import {
  AmbiguousCalibrationError,
  CalibrationOverlapError,
  CollectionCycleError,
  CollectionTypeError,
  DatasetConflictError,
  DatasetTypeConflictError,
  MissingCollectionError,
  MissingDatasetTypeError,
  Registry,
  RegistryValidationError,
} from '../../src/gen3/registry/index.js';
import { repositoryTableSpecs } from '../../src/gen3/schema/index.js';
import { makeTimespan, nowTaiNs } from '../../src/gen3/time/index.js';

// ---- DemoCam fixture (shared with the interop tests)

export const INSTRUMENT = 'DemoCam';
/** 2020-01-02T03:04:05 TAI */
export const T0 = 1577934245000000000n;
/** 2020-01-01T00:00:00 TAI */
export const CALIB_START = 1577836800000000000n;

/** Dimension records: instrument, 2 filters, 2 detectors, one day_obs, 2 groups, 2 exposures. */
export function demoRecords(): Record<string, Record<string, unknown>[]> {
  return {
    instrument: [{ name: INSTRUMENT, visit_max: 1000000, visit_system: 0, exposure_max: 1000000, detector_max: 100, class_name: 'lsst.obs.demo.DemoCam' }],
    physical_filter: [
      { instrument: INSTRUMENT, name: 'demo-r', band: 'r' },
      { instrument: INSTRUMENT, name: 'demo-g', band: 'g' },
    ],
    detector: [
      { instrument: INSTRUMENT, id: 0, full_name: 'R00_S00', name_in_raft: 'S00', raft: 'R00', purpose: 'SCIENCE' },
      { instrument: INSTRUMENT, id: 1, full_name: 'R00_S01', name_in_raft: 'S01', raft: 'R00', purpose: 'SCIENCE' },
    ],
    day_obs: [{ instrument: INSTRUMENT, id: 20200102, timespan: makeTimespan(1577923200000000000n, 1578009600000000000n) }],
    group: [
      { instrument: INSTRUMENT, name: 'grp1' },
      { instrument: INSTRUMENT, name: 'grp2' },
    ],
    exposure: [1, 2].map((n) => ({
      instrument: INSTRUMENT,
      id: 2020010200000 + n,
      day_obs: 20200102,
      group: `grp${n}`,
      physical_filter: n === 1 ? 'demo-r' : 'demo-g',
      obs_id: `DM_O_20200102_00000${n}`,
      exposure_time: 30,
      dark_time: 30.5,
      observation_type: 'science',
      seq_num: n,
      has_simulated: false,
      can_see_sky: true,
      timespan: makeTimespan(T0 + BigInt(n - 1) * 60_000_000_000n, T0 + BigInt(n - 1) * 60_000_000_000n + 30_000_000_000n),
    })),
  };
}

/** Inserts the records and registers raw / bias / flat. */
export async function populateDemo(registry: Registry): Promise<void> {
  await registry.insertDimensionData(demoRecords());
  await registry.registerDatasetType({ name: 'raw', dimensions: ['instrument', 'exposure', 'detector'], storageClass: 'Exposure' });
  await registry.registerDatasetType({ name: 'bias', dimensions: ['instrument', 'detector'], storageClass: 'ExposureF', isCalibration: true });
  await registry.registerDatasetType({ name: 'flat', dimensions: ['instrument', 'detector', 'physical_filter'], storageClass: 'ExposureF', isCalibration: true });
}

/** Every (exposure, detector) raw data ID. */
export function rawDataIds(): Record<string, unknown>[] {
  return [2020010200001, 2020010200002].flatMap((exposure) => [0, 1].map((detector) => ({ instrument: INSTRUMENT, exposure, detector })));
}

/** A fresh empty database per call (the backend's `open`). */
export type OpenDatabase = () => Promise<Database>;

/** Every row of every table, sorted, as text: compared before/after a failing call. */
export async function snapshot(db: Database): Promise<string> {
  const tables = (await db.listTables()).sort();
  const out: string[] = [];
  for (const t of tables) {
    const rows = (await db.select(t)).map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
    out.push(`${t}: ${rows.join('\n')}`);
  }
  return out.join('\n');
}

/** An empty repository schema (the tables of `butler create`) in a fresh database. */
export async function emptyRegistry(open: OpenDatabase): Promise<Registry> {
  const db = await open();
  const universe = defaultUniverse();
  await db.createTables(repositoryTableSpecs(universe));
  return new Registry(db, universe);
}

export async function expectUnchanged(registry: Registry, fn: () => Promise<unknown>, error: new (...args: never[]) => Error): Promise<void> {
  const before = await snapshot(registry.db);
  await expect(fn()).rejects.toBeInstanceOf(error);
  expect(await snapshot(registry.db)).toBe(before);
}

export const RAW_RUN = 'DemoCam/raw/all';
const CALIB_RUN = 'DemoCam/calib/20200101T000000Z';

/**
 * The registry behaviours, run against one backend: dimension records, collections, dataset
 * types, datasets, associations, calibrations, lookups and datastore records, each with bad input
 * leaving the database unchanged.
 */
export function defineRegistryTests(name: string, open: OpenDatabase): void {
  describe(`Registry on ${name}`, () => {
    let registry: Registry;
    beforeEach(async () => {
      registry = await emptyRegistry(open);
    });
    afterEach(async () => {
      await registry.db.close();
    });

    describe('dimension records', () => {
      it('inserts in FK order and reads back decoded records', async () => {
        await registry.insertDimensionData(Object.fromEntries(Object.entries(demoRecords()).reverse()));
        const exposures = await registry.queryDimensionRecords('exposure');
        expect(exposures.map((e) => e.id)).toEqual([2020010200001, 2020010200002]);
        expect(exposures[0]).toMatchObject({ instrument: INSTRUMENT, group: 'grp1', physical_filter: 'demo-r', has_simulated: false, can_see_sky: true, exposure_time: 30 });
        expect(exposures[0]?.timespan).toEqual({ begin: T0, end: T0 + 30_000_000_000n });
        expect(await registry.queryDimensionRecords('detector', { id: 1 })).toEqual([
          { instrument: INSTRUMENT, id: 1, full_name: 'R00_S01', name_in_raft: 'S01', raft: 'R00', purpose: 'SCIENCE' },
        ]);
        await expect(registry.queryDataIds(['exposure', 'detector'])).rejects.toBeInstanceOf(RegistryValidationError);
        await expect(registry.queryDimensionRecords('exposure', { visit: 1 })).rejects.toBeInstanceOf(RegistryValidationError);
        expect(await registry.queryDataIds(['exposure'])).toEqual([
          { instrument: INSTRUMENT, exposure: 2020010200001 },
          { instrument: INSTRUMENT, exposure: 2020010200002 },
        ]);
      });

      it('sync is insert-or-verify; a conflicting re-insert is a RegistryConflictError', async () => {
        const records = demoRecords();
        await registry.insertDimensionData(records);
        expect(await registry.syncDimensionRecords('detector', records.detector ?? [])).toBe(0);
        expect(await registry.syncDimensionRecords('detector', [{ instrument: INSTRUMENT, id: 2, full_name: 'R00_S02' }])).toBe(1);
        await expectUnchanged(registry, () => registry.syncDimensionRecords('detector', [{ instrument: INSTRUMENT, id: 3 }, { instrument: INSTRUMENT, id: 1, full_name: 'OTHER' }]), RegistryConflictError);
        await expectUnchanged(registry, () => registry.insertDimensionRecords('detector', [{ instrument: INSTRUMENT, id: 4 }, { instrument: INSTRUMENT, id: 1, full_name: 'R00_S01', name_in_raft: 'S01', raft: 'R00', purpose: 'SCIENCE' }]), RegistryConflictError);
      });

      it('bulk sync: one call mixing new, identical and (timespan) records; a differing record anywhere rolls back the whole call', async () => {
        const records = demoRecords();
        await registry.insertDimensionData({ ...records, exposure: records.exposure?.slice(0, 1) ?? [] });
        const detectors = [...(records.detector ?? []), { instrument: INSTRUMENT, id: 7, full_name: 'R00_S07' }, { instrument: INSTRUMENT, id: 8 }];
        expect(await registry.syncDimensionRecords('detector', detectors)).toBe(2);
        expect(await registry.syncDimensionRecords('detector', detectors)).toBe(0);
        expect((await registry.queryDimensionRecords('detector')).map((d) => d.id).sort()).toEqual([0, 1, 7, 8]);
        // timespans compare equal as stored on both engines
        expect(await registry.syncDimensionRecords('exposure', records.exposure ?? [])).toBe(1);
        expect(await registry.syncDimensionRecords('exposure', records.exposure ?? [])).toBe(0);
        const moved = { ...(records.exposure?.[1] ?? {}), timespan: makeTimespan(T0, T0 + 1n) };
        await expectUnchanged(registry, () => registry.syncDimensionRecords('exposure', [moved]), RegistryConflictError);
        // the first differing record (in call order) is reported, new records of the call are not written
        const error = await registry
          .syncDimensionRecords('detector', [{ instrument: INSTRUMENT, id: 9 }, { instrument: INSTRUMENT, id: 8, full_name: 'X' }, { instrument: INSTRUMENT, id: 7, full_name: 'Y' }])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RegistryConflictError);
        expect((error as RegistryConflictError).key).toMatchObject({ id: 8 });
        expect((error as RegistryConflictError).existing).toMatchObject({ full_name: null });
        expect((error as RegistryConflictError).expected).toMatchObject({ full_name: 'X' });
        expect((await registry.queryDimensionRecords('detector')).map((d) => d.id).sort()).toEqual([0, 1, 7, 8]);
        // insert: an existing key is reported decoded, even when equal
        const inserted = await registry.insertDimensionRecords('detector', [{ instrument: INSTRUMENT, id: 10 }, { instrument: INSTRUMENT, id: 7, full_name: 'R00_S07' }]).catch((e: unknown) => e);
        expect(inserted).toBeInstanceOf(RegistryConflictError);
        expect((inserted as RegistryConflictError).existing).toMatchObject({ instrument: INSTRUMENT, id: 7, full_name: 'R00_S07' });
        expect((await registry.queryDimensionRecords('detector', { id: 10 }))).toEqual([]);
      });

      it('rejects unknown elements, fields and wrong types before writing', async () => {
        await registry.insertDimensionRecords('instrument', [{ name: INSTRUMENT }]);
        await expectUnchanged(registry, () => registry.insertDimensionRecords('nonesuch', [{ name: 'x' }]), RegistryValidationError);
        await expectUnchanged(registry, () => registry.insertDimensionRecords('band', [{ name: 'r' }]), RegistryValidationError);
        await expectUnchanged(registry, () => registry.insertDimensionRecords('detector', [{ instrument: INSTRUMENT, id: 1, colour: 'red' }]), RegistryValidationError);
        await expectUnchanged(registry, () => registry.insertDimensionRecords('detector', [{ instrument: INSTRUMENT, id: 'one' }]), RegistryValidationError);
        await expectUnchanged(registry, () => registry.insertDimensionRecords('detector', [{ instrument: INSTRUMENT }]), RegistryValidationError);
        await expectUnchanged(registry, () => registry.insertDimensionData({ detector: [{ instrument: INSTRUMENT, id: 5 }], exposure: [{ instrument: INSTRUMENT, id: 1, day_obs: 'x' }] }), RegistryValidationError);
        // references to missing records: typed, nothing written (the detector of the same call is rolled back)
        const exposure = { instrument: INSTRUMENT, id: 1, day_obs: 20200101, group: 'g', physical_filter: 'f' };
        await expectUnchanged(registry, () => registry.insertDimensionData({ detector: [{ instrument: INSTRUMENT, id: 5 }], exposure: [exposure] }), RegistryValidationError);
        await expect(registry.syncDimensionRecords('detector', [{ instrument: 'Other', id: 1 }])).rejects.toThrow(/instrument\(name=Other\)/);
      });
    });

    describe('collections', () => {
      it('registers all four types with DB ids, RUN rows and ordered chains', async () => {
        expect(await registry.registerRun(RAW_RUN)).toBe(true);
        expect(await registry.registerRun(RAW_RUN)).toBe(false);
        await registry.registerCollection(CALIB_RUN, 'RUN', 'bias+flat run');
        await registry.registerCollection('DemoCam/calib', 'CALIBRATION');
        await registry.registerCollection('DemoCam/tagged', 'TAGGED');
        await registry.registerCollection('DemoCam/defaults', 'CHAINED');
        await registry.setCollectionChain('DemoCam/defaults', [RAW_RUN, 'DemoCam/calib']);
        const ids = (await registry.db.select('collection')).map((r) => [Number(r.collection_id), r.name, Number(r.type), r.doc]);
        expect(ids.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
          [1, RAW_RUN, 1, null],
          [2, CALIB_RUN, 1, 'bias+flat run'],
          [3, 'DemoCam/calib', 4, null],
          [4, 'DemoCam/tagged', 2, null],
          [5, 'DemoCam/defaults', 3, null],
        ]);
        expect((await registry.db.select('run')).map((r) => Number(r.collection_id)).sort()).toEqual([1, 2]);
        expect((await registry.db.select('collection_chain')).map((r) => [Number(r.parent), Number(r.position), Number(r.child)]).sort()).toEqual([
          [5, 0, 1],
          [5, 1, 3],
        ]);
        expect(await registry.getCollectionChain('DemoCam/defaults')).toEqual([RAW_RUN, 'DemoCam/calib']);
        if (registry.db.capabilities.supportsSequences) {
          const seq = (await registry.db.knex.raw('SELECT last_value FROM collection_seq_collection_id')) as { rows: { last_value: string }[] };
          expect(Number(seq.rows[0]?.last_value)).toBe(5);
        }
        await expectUnchanged(registry, () => registry.registerCollection(RAW_RUN, 'TAGGED'), CollectionTypeError);
      });

      it('rejects cycles and non-CHAINED parents; lists with TREE / FLATTEN / NO-CHILDREN', async () => {
        await registry.registerRun('a');
        await registry.registerRun('b');
        await registry.registerCollection('inner', 'CHAINED');
        await registry.registerCollection('outer', 'CHAINED');
        await registry.setCollectionChain('inner', ['b', 'a']);
        await registry.setCollectionChain('outer', ['inner', 'a']);
        await expectUnchanged(registry, () => registry.setCollectionChain('inner', ['outer']), CollectionCycleError);
        await expectUnchanged(registry, () => registry.setCollectionChain('inner', ['inner']), CollectionCycleError);
        await expectUnchanged(registry, () => registry.setCollectionChain('a', ['b']), CollectionTypeError);
        await expectUnchanged(registry, () => registry.setCollectionChain('inner', ['missing']), MissingCollectionError);
        const tree = await registry.queryCollections({ chains: 'TREE' });
        expect(tree.map((c) => `${'  '.repeat(c.depth)}${c.name} ${c.type}`)).toEqual([
          'a RUN',
          'b RUN',
          'inner CHAINED',
          '  b RUN',
          '  a RUN',
          'outer CHAINED',
          '  inner CHAINED',
          '    b RUN',
          '    a RUN',
          '  a RUN',
        ]);
        expect((await registry.queryCollections({ patterns: ['outer'], chains: 'FLATTEN' })).map((c) => c.name)).toEqual(['b', 'a']);
        expect((await registry.queryCollections({ patterns: ['*er'], chains: 'NO-CHILDREN' })).map((c) => c.name)).toEqual(['inner', 'outer']);
      });

      it('removeRuns deletes the RUN, its datasets and their rows', async () => {
        await populateDemo(registry);
        await registry.registerRun(RAW_RUN);
        await registry.registerRun('other');
        await registry.registerCollection('tagged', 'TAGGED');
        const refs = await registry.insertDatasets('raw', RAW_RUN, rawDataIds(), { idMode: 'DATAID_TYPE_RUN' });
        await registry.insertDatasets('raw', 'other', rawDataIds().slice(0, 1), { idMode: 'DATAID_TYPE_RUN' });
        await registry.associate('tagged', refs);
        await registry.insertFileRecords(refs.map((r) => fileRecord(r.id)));
        await registry.registerCollection('chain', 'CHAINED');
        await registry.setCollectionChain('chain', [RAW_RUN]);
        await expectUnchanged(registry, () => registry.removeRuns([RAW_RUN]), CollectionTypeError);
        await registry.setCollectionChain('chain', []);
        await registry.removeRuns([RAW_RUN]);
        expect(await registry.findCollection(RAW_RUN)).toBeUndefined();
        expect(await registry.db.select('dataset')).toHaveLength(1);
        expect(await registry.db.select('dataset_tags_00000001')).toHaveLength(1);
        expect(await registry.db.select('file_datastore_records')).toHaveLength(0);
        expect(await registry.db.select('dataset_location')).toHaveLength(0);
        expect(await registry.queryDatasets('raw', ['other'])).toHaveLength(1);
      });
    });

    describe('dataset types', () => {
      it('a dataset type without dimensions uses graph key 0 and dataset_tags_00000000, as daf_butler does', async () => {
        await populateDemo(registry);
        await registry.registerDatasetType({ name: 'isr_config', dimensions: [], storageClass: 'Config' });
        const row = (await registry.db.select('dataset_type', { name: 'isr_config' }))[0]!;
        expect([Number(row.dimensions_key), row.tag_association_table]).toEqual([0, 'dataset_tags_00000000']);
        expect((await registry.db.select('dimension_graph_key')).map((r) => Number(r.dimension_graph_id))).not.toContain(0);
        await registry.registerRun('configs');
        const [ref] = await registry.insertDatasets('isr_config', 'configs', [{}], { idMode: 'DATAID_TYPE_RUN' });
        expect((await registry.findDataset('isr_config', {}, ['configs']))?.id).toBe(ref!.id);
      });

      it('creates graph keys and shared tags/calibs tables on demand, as README §7.1', async () => {
        await populateDemo(registry);
        await registry.registerDatasetType({ name: 'dark', dimensions: ['instrument', 'detector'], storageClass: 'ExposureF', isCalibration: true });
        await registry.registerDatasetType({ name: 'postISRCCD', dimensions: ['instrument', 'exposure', 'detector'], storageClass: 'Exposure' });
        await registry.registerDatasetType({ name: 'rawCalibLike', dimensions: ['instrument', 'exposure', 'detector'], storageClass: 'Exposure', isCalibration: true });
        await registry.registerDatasetType({ name: 'flatBand', dimensions: ['instrument', 'detector', 'physical_filter', 'band'], storageClass: 'ExposureF', isCalibration: true });
        await registry.registerDatasetType({ name: 'deepCoadd', dimensions: ['skymap', 'tract', 'patch', 'band'], storageClass: 'ExposureF' });
        const rows = (await registry.db.select('dataset_type'))
          .map((r) => [Number(r.id), r.name, Number(r.dimensions_key), r.tag_association_table, r.calibration_association_table])
          .sort((a, b) => Number(a[0]) - Number(b[0]));
        expect(rows).toEqual([
          [1, 'raw', 1, 'dataset_tags_00000001', null],
          [2, 'bias', 2, 'dataset_tags_00000002', 'dataset_calibs_00000002'],
          [3, 'flat', 3, 'dataset_tags_00000003', 'dataset_calibs_00000003'],
          [4, 'dark', 2, 'dataset_tags_00000002', 'dataset_calibs_00000002'],
          [5, 'postISRCCD', 1, 'dataset_tags_00000001', null],
          [6, 'rawCalibLike', 1, 'dataset_tags_00000001', 'dataset_calibs_00000001'],
          [7, 'flatBand', 3, 'dataset_tags_00000003', 'dataset_calibs_00000003'],
          [8, 'deepCoadd', 4, 'dataset_tags_00000004', null],
        ]);
        const defs = (await registry.db.select('dimension_graph_definition')).map((r) => `${Number(r.dimension_graph_id)}:${String(r.dimension_name)}`).sort();
        expect(defs).toEqual(['1:detector', '1:exposure', '1:instrument', '2:detector', '2:instrument', '3:detector', '3:instrument', '3:physical_filter', '4:band', '4:patch', '4:skymap', '4:tract']);
        const tables = await registry.db.listTables();
        expect(tables.filter((t) => /^dataset_(tags|calibs)_/.test(t)).sort()).toEqual([
          'dataset_calibs_00000001',
          'dataset_calibs_00000002',
          'dataset_calibs_00000003',
          'dataset_tags_00000001',
          'dataset_tags_00000002',
          'dataset_tags_00000003',
          'dataset_tags_00000004',
        ]);
        expect((await registry.findDatasetType('deepCoadd'))?.dimensions).toEqual(['band', 'skymap', 'tract', 'patch']);
      });

      it('re-registration: identical is a no-op, different is a DatasetTypeConflictError', async () => {
        await populateDemo(registry);
        expect(await registry.registerDatasetType({ name: 'raw', dimensions: ['instrument', 'exposure', 'detector'], storageClass: 'Exposure' })).toBe(false);
        await expectUnchanged(registry, () => registry.registerDatasetType({ name: 'raw', dimensions: ['instrument', 'detector'], storageClass: 'Exposure' }), DatasetTypeConflictError);
        await expectUnchanged(registry, () => registry.registerDatasetType({ name: 'raw', dimensions: ['instrument', 'exposure', 'detector'], storageClass: 'ExposureF' }), DatasetTypeConflictError);
        await expectUnchanged(registry, () => registry.registerDatasetType({ name: 'bias', dimensions: ['instrument', 'detector'], storageClass: 'ExposureF' }), DatasetTypeConflictError);
        await expectUnchanged(registry, () => registry.registerDatasetType({ name: 'bad name', dimensions: ['instrument'], storageClass: 'X' }), RegistryValidationError);
        await expectUnchanged(registry, () => registry.registerDatasetType({ name: 'x', dimensions: ['nonesuch'], storageClass: 'X' }), RegistryValidationError);
      });
    });

    describe('datasets', () => {
      beforeEach(async () => {
        await populateDemo(registry);
        await registry.registerRun(RAW_RUN);
      });

      it('inserts with DATAID_TYPE_RUN ids, summaries, ingest_date and tags rows; re-insert is a no-op', async () => {
        const before = nowTaiNs();
        const refs = await registry.insertDatasets('raw', RAW_RUN, rawDataIds(), { idMode: 'DATAID_TYPE_RUN' });
        expect(refs[0]?.id).toBe(makeDatasetId({ datasetType: 'raw', run: RAW_RUN, requiredDataId: { instrument: INSTRUMENT, exposure: 2020010200001, detector: 0 } }, 'DATAID_TYPE_RUN'));
        const datasets = await registry.db.select('dataset');
        expect(datasets).toHaveLength(4);
        for (const d of datasets) {
          expect(BigInt(d.ingest_date as bigint)).toBeGreaterThanOrEqual(before);
          expect(Number(d.run_id)).toBe(1);
        }
        expect((await registry.db.select('collection_summary_dataset_type')).map((r) => [Number(r.collection_id), Number(r.dataset_type_id)])).toEqual([[1, 1]]);
        expect((await registry.db.select('collection_summary_instrument')).map((r) => [Number(r.collection_id), r.instrument])).toEqual([[1, INSTRUMENT]]);
        expect(await registry.db.select('dataset_tags_00000001')).toHaveLength(4);
        const snap = await snapshot(registry.db);
        expect(await registry.insertDatasets('raw', RAW_RUN, rawDataIds(), { idMode: 'DATAID_TYPE_RUN' })).toEqual(refs);
        expect(await snapshot(registry.db)).toBe(snap);
        const unique = await registry.insertDatasets('bias', RAW_RUN, [{ instrument: INSTRUMENT, detector: 0 }]);
        expect(unique[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
        const typed = await registry.insertDatasets('flat', RAW_RUN, [{ instrument: INSTRUMENT, detector: 0, physical_filter: 'demo-r', band: 'r' }], { idMode: 'DATAID_TYPE' });
        expect(typed[0]?.id).toBe(makeDatasetId({ datasetType: 'flat', run: '', requiredDataId: { instrument: INSTRUMENT, detector: 0, physical_filter: 'demo-r' } }, 'DATAID_TYPE'));
      });

      it('conflicts and bad input leave the database unchanged', async () => {
        await registry.insertDatasets('raw', RAW_RUN, rawDataIds().slice(0, 1), { idMode: 'DATAID_TYPE_RUN' });
        // same data ID, another id in the RUN (the rest of the batch is not written either)
        await expectUnchanged(registry, () => registry.insertDatasets('raw', RAW_RUN, rawDataIds(), { idMode: 'UNIQUE' }), DatasetConflictError);
        // same data ID twice with different ids in one call
        await expectUnchanged(registry, () => registry.insertDatasets('raw', RAW_RUN, [rawDataIds()[1] ?? {}, rawDataIds()[1] ?? {}]), DatasetConflictError);
        await expectUnchanged(registry, () => registry.insertDatasets('raw', RAW_RUN, [{ instrument: INSTRUMENT, detector: 0 }]), RegistryValidationError);
        await expectUnchanged(registry, () => registry.insertDatasets('raw', RAW_RUN, [{ instrument: INSTRUMENT, detector: 'x', exposure: 2020010200001 }]), RegistryValidationError);
        await expectUnchanged(registry, () => registry.insertDatasets('nonesuch', RAW_RUN, []), MissingDatasetTypeError);
        // an id already used by another dataset (here: in another RUN)
        const [first] = await registry.queryDatasets('raw', RAW_RUN);
        await registry.registerRun('other');
        await expectUnchanged(registry, () => registry.insertDatasets('raw', 'other', rawDataIds().slice(0, 1), { ids: [first?.id ?? ''] }), DatasetConflictError);
        await expectUnchanged(registry, () => registry.insertDatasets('raw', 'other', rawDataIds().slice(0, 2), { ids: [first?.id ?? ''] }), RegistryValidationError);
        await expectUnchanged(registry, () => registry.insertDatasets('raw', 'missing', rawDataIds()), MissingCollectionError);
        await registry.registerCollection('tagged', 'TAGGED');
        await expectUnchanged(registry, () => registry.insertDatasets('raw', 'tagged', rawDataIds()), CollectionTypeError);
        // a data ID without dimension records
        await expectUnchanged(registry, () => registry.insertDatasets('raw', RAW_RUN, [rawDataIds()[3] ?? {}, { instrument: INSTRUMENT, detector: 7, exposure: 2020010200001 }]), RegistryValidationError);
        await expect(registry.insertDatasets('raw', RAW_RUN, [{ instrument: INSTRUMENT, detector: 7, exposure: 2020010200001 }])).rejects.toThrow(/detector\(instrument=DemoCam, id=7\)/);
      });

      it('associate / disassociate TAGGED collections', async () => {
        await registry.registerCollection('tagged', 'TAGGED');
        const refs = await registry.insertDatasets('raw', RAW_RUN, rawDataIds(), { idMode: 'DATAID_TYPE_RUN' });
        await registry.associate('tagged', refs.slice(0, 2));
        await registry.associate('tagged', refs.slice(0, 2));
        expect((await registry.queryDatasets('raw', 'tagged')).map((r) => r.id)).toEqual(refs.slice(0, 2).map((r) => r.id));
        expect((await registry.db.select('collection_summary_dataset_type')).length).toBe(2);
        await registry.registerRun('other');
        const other = await registry.insertDatasets('raw', 'other', rawDataIds().slice(0, 1));
        await expectUnchanged(registry, () => registry.associate('tagged', other), DatasetConflictError);
        await expectUnchanged(registry, () => registry.associate(RAW_RUN, other), CollectionTypeError);
        await registry.disassociate('tagged', refs.slice(0, 1));
        expect((await registry.queryDatasets('raw', 'tagged')).map((r) => r.id)).toEqual([refs[1]?.id]);
      });
    });

    describe('calibrations', () => {
      const span = (b: bigint | null, e: bigint | null) => makeTimespan(b, e);
      let biases: DatasetRef[];
      beforeEach(async () => {
        await populateDemo(registry);
        await registry.registerRun(CALIB_RUN);
        await registry.registerCollection('DemoCam/calib', 'CALIBRATION');
        biases = await registry.insertDatasets('bias', CALIB_RUN, [0, 1].map((detector) => ({ instrument: INSTRUMENT, detector })), { idMode: 'DATAID_TYPE' });
      });

      it('certifies with a timespan; overlaps for the same data ID are rejected', async () => {
        await registry.certify('DemoCam/calib', biases, span(CALIB_START, null));
        const rows = await registry.db.select('dataset_calibs_00000002');
        expect(rows).toHaveLength(2);
        expect(rows.map((r) => Number(r.id)).sort()).toEqual([1, 2]);
        expect((await registry.db.select('collection_summary_dataset_type')).map((r) => Number(r.collection_id)).sort()).toEqual([1, 2]);
        await expectUnchanged(registry, () => registry.certify('DemoCam/calib', biases.slice(1), span(T0, T0 + 10n)), CalibrationOverlapError);
        // a second dataset for the same data ID overlapping within one call
        await registry.registerRun('later');
        const later = await registry.insertDatasets('bias', 'later', [{ instrument: INSTRUMENT, detector: 0 }]);
        await expectUnchanged(registry, () => registry.certify('DemoCam/calib', later, span(CALIB_START - 10n, CALIB_START + 1n)), CalibrationOverlapError);
        await registry.certify('DemoCam/calib', later, span(CALIB_START - 10n, CALIB_START));
        await expectUnchanged(registry, () => registry.certify(CALIB_RUN, biases, span(0n, 1n)), CollectionTypeError);
        await registry.registerRun('raws');
        const raw = await registry.insertDatasets('raw', 'raws', rawDataIds().slice(0, 1));
        await registry.registerCollection('tagged', 'TAGGED');
        await expectUnchanged(registry, () => registry.certify('DemoCam/calib', raw, span(0n, 1n)), CollectionTypeError);
      });

      it('certifyMany writes exactly what one certify per group writes (rows, row ids, summaries)', async () => {
        const other = await emptyRegistry(open);
        try {
          const groupsFor = async (r: Registry) => {
            await r.registerRun('later');
            await r.registerCollection('DemoCam/calib2', 'CALIBRATION');
            const later = await r.insertDatasets('bias', 'later', [0, 1].map((detector) => ({ instrument: INSTRUMENT, detector })), { idMode: 'DATAID_TYPE_RUN' });
            const flats = await r.insertDatasets('flat', 'later', [{ instrument: INSTRUMENT, detector: 0, physical_filter: 'demo-g' }], { idMode: 'DATAID_TYPE_RUN' });
            // existing rows with a gap in the ids (decertify deletes and re-inserts)
            await r.certify('DemoCam/calib', biases, span(CALIB_START, T0));
            await r.decertify('DemoCam/calib', 'bias', span(CALIB_START, CALIB_START + 5n), { dataIds: [{ instrument: INSTRUMENT, detector: 0 }] });
            return [
              { collection: 'DemoCam/calib', refs: later, timespan: span(T0, T0 + 100n) },
              { collection: 'DemoCam/calib2', refs: [...flats, ...biases.slice(1)], timespan: span(T0, null) },
              { collection: 'DemoCam/calib', refs: [...biases, ...flats], timespan: span(T0 + 100n, null) },
            ];
          };
          const many = await groupsFor(registry);
          await registry.certifyMany(many);
          await populateDemo(other);
          await other.registerRun(CALIB_RUN);
          await other.registerCollection('DemoCam/calib', 'CALIBRATION');
          await other.insertDatasets('bias', CALIB_RUN, [0, 1].map((detector) => ({ instrument: INSTRUMENT, detector })), { idMode: 'DATAID_TYPE' });
          for (const g of await groupsFor(other)) await other.certify(g.collection, g.refs, g.timespan);
          const stable = async (r: Registry) => (await snapshot(r.db)).replace(/"ingest_date":("?)\d+\1/g, '"ingest_date":_');
          expect(await stable(registry)).toBe(await stable(other));
          const ids = (await registry.db.select('dataset_calibs_00000002')).map((r) => Number(r.id)).sort((a, b) => a - b);
          // 2, 3 existing; later ×2, biases[1] (calib2), biases ×2; flats in their own table
          expect(ids).toEqual([2, 3, 4, 5, 6, 7, 8]);
          expect((await registry.db.select('dataset_calibs_00000003')).map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual([1, 2]);
        } finally {
          await other.db.close();
        }
      });

      it('certifyMany: an overlap among the groups of one call, a missing dataset or a bad collection anywhere writes nothing', async () => {
        await registry.registerRun('later');
        const later = await registry.insertDatasets('bias', 'later', [{ instrument: INSTRUMENT, detector: 1 }], { idMode: 'DATAID_TYPE_RUN' });
        // each group alone is fine on the empty collection; the second overlaps the first
        const overlapping = [
          { collection: 'DemoCam/calib', refs: biases, timespan: span(CALIB_START, T0) },
          { collection: 'DemoCam/calib', refs: later, timespan: span(T0 - 1n, null) },
        ];
        await expectUnchanged(registry, () => registry.certifyMany(overlapping), CalibrationOverlapError);
        await expect(registry.certifyMany(overlapping)).rejects.toThrow(`is already certified in DemoCam/calib for [${CALIB_START}, ${T0}), which overlaps [${T0 - 1n}, `);
        const fine = { collection: 'DemoCam/calib', refs: biases, timespan: span(CALIB_START, T0) };
        await expectUnchanged(registry, () => registry.certifyMany([fine, { collection: CALIB_RUN, refs: later, timespan: span(T0, null) }]), CollectionTypeError);
        await expectUnchanged(registry, () => registry.certifyMany([fine, { collection: 'nonesuch', refs: later, timespan: span(T0, null) }]), MissingCollectionError);
        const missing = { id: '00000000-0000-0000-0000-000000000001', datasetType: 'bias', run: 'later', dataId: { instrument: INSTRUMENT, detector: 0 } };
        await expectUnchanged(registry, () => registry.certifyMany([fine, { collection: 'DemoCam/calib', refs: [missing], timespan: span(T0, null) }]), RegistryValidationError);
        await expectUnchanged(registry, () => registry.certifyMany([fine, { collection: 'DemoCam/calib', refs: later, timespan: { begin: T0, end: T0 } }]), RegistryValidationError);
        await registry.certifyMany([fine, { collection: 'DemoCam/calib', refs: later, timespan: span(T0, null) }]);
        expect(await registry.db.select('dataset_calibs_00000002')).toHaveLength(3);
      });

      it('a certification waiting for a concurrent one sees it and is rejected (collection lock)', async () => {
        await registry.registerRun('later');
        const later = await registry.insertDatasets('bias', 'later', [{ instrument: INSTRUMENT, detector: 0 }]);
        let release: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => (release = resolve));
        const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
        const first = registry.transaction(async (r) => {
          await r.certify('DemoCam/calib', biases.slice(0, 1), span(CALIB_START, null));
          await gate;
        });
        await pause();
        const second = registry.certify('DemoCam/calib', later, span(T0, null));
        const settled = second.then(
          () => 'fulfilled',
          (e: unknown) => e,
        );
        await pause();
        release();
        await first;
        expect(await settled).toBeInstanceOf(CalibrationOverlapError);
        expect(await registry.db.select('dataset_calibs_00000002')).toHaveLength(1);
      });

      it('decertify removes, cuts and splits ranges', async () => {
        await registry.certify('DemoCam/calib', biases, span(CALIB_START, null));
        expect(await registry.decertify('DemoCam/calib', 'bias', span(T0, T0 + 100n), { dataIds: [{ instrument: INSTRUMENT, detector: 0 }] })).toBe(1);
        const lookup = (t: bigint, detector = 0) => registry.findDataset('bias', { instrument: INSTRUMENT, detector }, ['DemoCam/calib'], { timespan: span(t, t + 1n) });
        expect((await lookup(T0 - 1n))?.id).toBe(biases[0]?.id);
        expect(await lookup(T0)).toBeUndefined();
        expect(await lookup(T0 + 99n)).toBeUndefined();
        expect((await lookup(T0 + 100n))?.id).toBe(biases[0]?.id);
        expect((await lookup(T0, 1))?.id).toBe(biases[1]?.id);
        expect(await registry.decertify('DemoCam/calib', 'bias', span(null, null))).toBe(3);
        expect(await registry.db.select('dataset_calibs_00000002')).toHaveLength(0);
      });

      it('find-first in a CALIBRATION collection sees every write through the registry, committed or rolled back', async () => {
        const lookup = (t: bigint, r: Registry = registry) => r.findDataset('bias', { instrument: INSTRUMENT, detector: 0 }, ['DemoCam/calib'], { timespan: span(t, t + 1n) });
        expect(await lookup(T0)).toBeUndefined();
        await registry.certify('DemoCam/calib', biases.slice(0, 1), span(CALIB_START, T0));
        expect(await lookup(T0 - 1n)).toEqual({ id: biases[0]?.id, datasetType: 'bias', run: CALIB_RUN, dataId: { instrument: INSTRUMENT, detector: 0 } });
        expect(await lookup(T0)).toBeUndefined();
        // seen inside the transaction that certifies; gone again when it rolls back
        await expect(
          registry.transaction(async (r) => {
            await r.certify('DemoCam/calib', biases.slice(0, 1), span(T0, null));
            expect((await lookup(T0, r))?.id).toBe(biases[0]?.id);
            throw new Error('undo');
          }),
        ).rejects.toThrow('undo');
        expect(await lookup(T0)).toBeUndefined();
        expect((await lookup(T0 - 1n))?.id).toBe(biases[0]?.id);
        await registry.registerRun('later');
        const later = await registry.insertDatasets('bias', 'later', [{ instrument: INSTRUMENT, detector: 0 }]);
        await registry.certify('DemoCam/calib', later, span(T0, null));
        expect(await lookup(T0 + 5n)).toMatchObject({ id: later[0]?.id, run: 'later' });
        expect((await lookup(T0 - 1n))?.id).toBe(biases[0]?.id);
        // a timespan over both ranges
        await expect(registry.findDataset('bias', { instrument: INSTRUMENT, detector: 0 }, ['DemoCam/calib'], { timespan: span(T0 - 1n, T0 + 1n) })).rejects.toBeInstanceOf(AmbiguousCalibrationError);
        expect(await registry.findDataset('bias', { instrument: INSTRUMENT, detector: 1 }, ['DemoCam/calib'], { timespan: span(T0, T0 + 1n) })).toBeUndefined();
        await registry.decertify('DemoCam/calib', 'bias', span(T0 + 10n, null));
        expect((await lookup(T0 + 5n))?.id).toBe(later[0]?.id);
        expect(await lookup(T0 + 10n)).toBeUndefined();
        // removing the RUN removes its validity ranges
        await registry.removeRuns(['later']);
        expect(await lookup(T0 + 5n)).toBeUndefined();
        expect((await lookup(T0 - 1n))?.id).toBe(biases[0]?.id);
      });
    });

    describe('lookups', () => {
      it('findDataset: chains in order, CALIBRATION only for calibration types with a timespan', async () => {
        await populateDemo(registry);
        await registry.registerRun(RAW_RUN);
        await registry.registerRun(CALIB_RUN);
        await registry.registerRun('newer');
        await registry.registerCollection('DemoCam/calib', 'CALIBRATION');
        await registry.registerCollection('DemoCam/defaults', 'CHAINED');
        await registry.registerCollection('both', 'CHAINED');
        await registry.setCollectionChain('DemoCam/defaults', [RAW_RUN, 'DemoCam/calib']);
        await registry.setCollectionChain('both', ['newer', 'DemoCam/defaults']);
        const raws = await registry.insertDatasets('raw', RAW_RUN, rawDataIds(), { idMode: 'DATAID_TYPE_RUN' });
        const newer = await registry.insertDatasets('raw', 'newer', rawDataIds().slice(0, 1), { idMode: 'DATAID_TYPE_RUN' });
        const [bias] = await registry.insertDatasets('bias', CALIB_RUN, [{ instrument: INSTRUMENT, detector: 0 }], { idMode: 'DATAID_TYPE' });
        await registry.certify('DemoCam/calib', bias ? [bias] : [], makeTimespan(CALIB_START, null));
        const dataId = rawDataIds()[0] ?? {};
        expect(await registry.findDataset('raw', dataId, 'DemoCam/defaults')).toEqual(raws[0]);
        expect((await registry.findDataset('raw', dataId, ['both']))?.id).toBe(newer[0]?.id);
        expect((await registry.findDataset('raw', rawDataIds()[1] ?? {}, ['both']))?.id).toBe(raws[1]?.id);
        const biasId = { instrument: INSTRUMENT, detector: 0 };
        expect(await registry.findDataset('bias', biasId, ['DemoCam/defaults'])).toBeUndefined();
        const found = await registry.findDataset('bias', biasId, ['DemoCam/defaults'], { timespan: makeTimespan(T0, T0 + 1n) });
        expect(found).toEqual({ id: bias?.id, datasetType: 'bias', run: CALIB_RUN, dataId: biasId });
        expect(await registry.findDataset('bias', biasId, ['DemoCam/calib'], { timespan: makeTimespan(0n, CALIB_START) })).toBeUndefined();
        expect((await registry.findDataset('bias', biasId, [CALIB_RUN]))?.id).toBe(bias?.id);
        await expect(registry.findDataset('raw', dataId, ['missing'])).rejects.toBeInstanceOf(MissingCollectionError);

        expect((await registry.queryDatasets('raw', ['both'])).map((r) => r.id).sort()).toEqual([...raws, ...newer].map((r) => r.id).sort());
        const firsts = await registry.queryDatasets('raw', ['both'], { findFirst: true });
        expect(firsts.map((r) => r.id).sort()).toEqual([newer[0]?.id, ...raws.slice(1).map((r) => r.id)].sort());
        expect(firsts.map((r) => [r.dataId.detector, r.dataId.exposure])).toEqual([
          [0, 2020010200001],
          [0, 2020010200002],
          [1, 2020010200001],
          [1, 2020010200002],
        ]);
        expect((await registry.queryDatasets('bias', ['DemoCam/calib'])).map((r) => r.id)).toEqual([bias?.id]);
        expect((await registry.queryDatasetTypes()).map((t) => t.name)).toEqual(['bias', 'flat', 'raw']);

        // The raw RUN held no bias when it was searched above; one put there later is found first.
        const [rawRunBias] = await registry.insertDatasets('bias', RAW_RUN, [biasId], { idMode: 'DATAID_TYPE_RUN' });
        const after = await registry.findDataset('bias', biasId, ['DemoCam/defaults'], { timespan: makeTimespan(T0, T0 + 1n) });
        expect(after).toEqual({ id: rawRunBias?.id, datasetType: 'bias', run: RAW_RUN, dataId: biasId });
        expect((await registry.findDataset('bias', biasId, ['DemoCam/defaults']))?.id).toBe(rawRunBias?.id);
      });
    });

    describe('datastore records', () => {
      it('writes file_datastore_records + dataset_location in the datasets transaction', async () => {
        await populateDemo(registry);
        await registry.registerRun(RAW_RUN);
        const refs = await registry.transaction(async (r) => {
          const inserted = await r.insertDatasets('raw', RAW_RUN, rawDataIds(), { idMode: 'DATAID_TYPE_RUN' });
          await r.insertFileRecords(inserted.map((x) => fileRecord(x.id)));
          return inserted;
        });
        const records = await registry.db.select('file_datastore_records');
        expect(records).toHaveLength(4);
        expect(records[0]).toMatchObject({ component: NULL_COMPONENT, formatter: 'lsst.obs.demo.RawFormatter' });
        expect((await registry.db.select('dataset_location')).map((r) => r.datastore_name)).toEqual(Array(4).fill(DEFAULT_DATASTORE_NAME));
        expect((await registry.db.select('opaque_meta')).map((r) => r.table_name)).toEqual(['file_datastore_records']);
        await registry.insertFileRecords(refs.map((x) => fileRecord(x.id)));
        // a failure after the datasets rolls the datasets back too
        await registry.registerRun('second');
        const before = await snapshot(registry.db);
        await expect(
          registry.transaction(async (r) => {
            await r.insertDatasets('raw', 'second', rawDataIds());
            await r.insertFileRecords([fileRecord('00000000-0000-0000-0000-000000000001')]);
          }),
        ).rejects.toBeInstanceOf(RegistryValidationError);
        expect(await snapshot(registry.db)).toBe(before);
        await expectUnchanged(registry, () => registry.insertFileRecords([{ ...fileRecord(refs[0]?.id ?? ''), file_size: 1 }]), RegistryConflictError);
        await expectUnchanged(registry, () => registry.insertFileRecords([fileRecord(refs[0]?.id ?? ''), { ...fileRecord(refs[0]?.id ?? ''), path: 'x' }]), RegistryConflictError);
        await expectUnchanged(registry, () => registry.insertFileRecords([{ ...fileRecord(refs[0]?.id ?? ''), path: '' }]), RegistryValidationError);
        // a hex id is the same dataset
        await registry.insertFileRecords([{ ...fileRecord(refs[1]?.id ?? ''), dataset_id: (refs[1]?.id ?? '').replace(/-/g, '') }]);
        expect(await registry.db.select('file_datastore_records')).toHaveLength(4);
        // read back by dataset id (any spelling), outside and inside a transaction
        const ids = [refs[0]?.id ?? '', (refs[1]?.id ?? '').replace(/-/g, '').toUpperCase(), '00000000-0000-0000-0000-000000000001'];
        const expected = new Map([refs[0]?.id ?? '', refs[1]?.id ?? ''].map((id) => [id, [fileRecord(id)]]));
        expect(await registry.findFileRecords(ids)).toEqual(expected);
        expect(await registry.transaction((r) => r.findFileRecords(ids))).toEqual(expected);
      });

      it('findFileRecords before any datastore record table exists finds nothing', async () => {
        await populateDemo(registry);
        await registry.registerRun(RAW_RUN);
        const refs = await registry.insertDatasets('raw', RAW_RUN, rawDataIds());
        expect(await registry.findFileRecords(refs.map((r) => r.id))).toEqual(new Map());
      });
    });
  });
}

/** A `direct` datastore record for dataset `id`. */
export function fileRecord(id: string): FileDatastoreRecord {
  return { dataset_id: id, path: `file:///data/demo/${id}.fits`, formatter: 'lsst.obs.demo.RawFormatter', storage_class: 'Exposure', component: NULL_COMPONENT, checksum: null, file_size: 5760 };
}
