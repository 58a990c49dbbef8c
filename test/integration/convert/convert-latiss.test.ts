import { cpSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CONVERTERS } from '../../../converters/index.js';
import { convertRepository } from '../../../src/convert/index.js';
import { toDashedUuid } from '../../../src/gen3/ids/index.js';
import { Registry } from '../../../src/gen3/registry/index.js';
import { openRepository } from '../../../src/gen3/repo/index.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { describePostgres, freshDatabase } from '../../helpers/postgres.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { dumpDatastoreFiles, dumpRegistry } from './repo-dump.js';

describeFixtures('gen2to3 convert on the real obs_lsst LATISS repository', () => {
  describe('in place, as the reference converted it (Gen3 repository = the Gen2 root, transfer auto → files recorded where they are)', () => {
    it('gives the reference datasets, ids, datastore paths, exposure record and bias validity', async () => {
      const root = path.join(tmpDir(), 'latiss');
      cpSync(fixture('obs_lsst_gen2/data/input/latiss'), root, { recursive: true });
      const result = await convertRepository({ gen2Root: root, gen3Repo: root, converters: CONVERTERS, policyPath: [fixture()] });
      expect(result.created).toBe(true);
      expect(result.report?.datasets).toEqual({ planned: 2, inserted: 2, present: 0, notConverted: 0 });
      const ref = new Database(fixture('obs_lsst_gen3_converted/data/input/latiss/gen3.sqlite3'), { readonly: true });
      const refRecords = ref
        .prepare("select r.dataset_id as id, r.path, r.formatter, r.storage_class as sc, r.file_size as size from file_datastore_records r join dataset d on d.id = r.dataset_id join dataset_type t on t.id = d.dataset_type_id where t.name in ('raw', 'bias') order by r.path")
        .all() as { id: string; path: string; formatter: string; sc: string; size: number }[];
      const refExposure = ref.prepare('select * from exposure').get() as Record<string, unknown>;
      const refBias = ref.prepare("select c.timespan_begin as b, c.timespan_end as e from dataset_calibs_00000003 c join dataset_type t on t.id = c.dataset_type_id where t.name = 'bias'").get() as { b: number; e: number };
      ref.close();

      const repo = await openRepository(root);
      try {
        const ours = (await repo.db.select('file_datastore_records')).map((r) => ({ id: String(r.dataset_id), path: String(r.path), formatter: String(r.formatter), sc: String(r.storage_class), size: Number(r.file_size) }));
        ours.sort((a, b) => (a.path < b.path ? -1 : 1));
        expect(ours.map((r) => [r.path, r.formatter, r.sc, r.size])).toEqual(refRecords.map((r) => [r.path, r.formatter, r.sc, r.size]));
        // raw ids are DATAID_TYPE_RUN in the reference too; its bias id was random (ours is deterministic, see README).
        const raw = ours.find((r) => r.path.startsWith('raw/'))!;
        expect(toDashedUuid(raw.id)).toBe(toDashedUuid(refRecords.find((r) => r.path.startsWith('raw/'))!.id));
        const registry = Registry.of(repo);
        const [exposure] = await registry.queryDimensionRecords('exposure', { instrument: 'LATISS' });
        expect(exposure).toMatchObject({
          id: Number(refExposure.id),
          obs_id: refExposure.obs_id,
          physical_filter: refExposure.physical_filter,
          day_obs: refExposure.day_obs,
          seq_num: refExposure.seq_num,
          group: refExposure.group_name,
          exposure_time: refExposure.exposure_time,
          dark_time: refExposure.dark_time,
          observation_type: refExposure.observation_type,
          observation_reason: refExposure.observation_reason,
          target_name: refExposure.target_name,
          science_program: refExposure.science_program,
        });
        const ts = exposure!.timespan as { begin: bigint; end: bigint };
        // The reference went through astropy floats (…209997118 ns); we parse the registry's dateObs exactly.
        expect(Number(ts.begin - BigInt(refExposure.timespan_begin as number))).toBeLessThan(10_000);
        expect(ts.end - ts.begin).toBe(BigInt(refExposure.timespan_end as number) - BigInt(refExposure.timespan_begin as number));
        const biasType = (await registry.findDatasetType('bias'))!;
        const certified = await repo.db.select(biasType.calibs!.name);
        expect(certified).toHaveLength(1);
        expect([BigInt(String(certified[0]!.timespan_begin)), BigInt(String(certified[0]!.timespan_end))]).toEqual([BigInt(refBias.b), BigInt(refBias.e)]);
        // The one exposure is not a science exposure (observation_type unknown): no visit, as in the reference.
        expect(await registry.queryDimensionRecords('visit', { instrument: 'LATISS' })).toEqual([]);
        expect(result.report?.visits).toEqual({ visitSystem: 'one-to-one', defined: 0, present: 0, skipped: 1 });
      } finally {
        await repo.close();
      }
      // Re-running in place changes nothing (the Gen3 files in the root are ignored by the walk).
      const before = await dumpRegistry(root);
      const files = dumpDatastoreFiles(root);
      const again = await convertRepository({ gen2Root: root, gen3Repo: root, converters: CONVERTERS, policyPath: [fixture()] });
      expect(again.report?.datasets.present).toBe(2);
      expect(await dumpRegistry(root)).toEqual(before);
      expect(dumpDatastoreFiles(root)).toEqual(files);
    });
  });

  it('into a separate repository with --transfer copy: files at daf_butler template paths', async () => {
    const target = path.join(tmpDir(), 'gen3');
    const result = await convertRepository({ gen2Root: fixture('obs_lsst_gen2/data/input/latiss'), gen3Repo: target, converters: CONVERTERS, policyPath: [fixture()], transfer: 'copy' });
    const files = Object.keys(dumpDatastoreFiles(target)).filter((f) => f.endsWith('.fits'));
    expect(files.sort()).toEqual([
      'LATISS/calib/20180921T000000Z/bias/bias_LATISS_RXX_S00_LATISS_calib_20180921T000000Z.fits',
      'LATISS/raw/all/raw/20180920/AT_C_20180920_000065/raw_LATISS_unknown~unknown_AT_C_20180920_000065_RXX_S00_LATISS_raw_all.fits',
    ]);
    expect(result.report?.converted.map((c) => c.status)).toEqual(['inserted', 'inserted']);
  });

  describePostgres('on PostgreSQL', () => {
    const database = freshDatabase('convert_latiss');
    it('writes the same datasets, records and validity as on SQLite, and a re-run changes nothing', async () => {
      const run = async (gen3Repo: string, db?: string) =>
        convertRepository({ gen2Root: fixture('obs_lsst_gen2/data/input/latiss'), gen3Repo, converters: CONVERTERS, policyPath: [fixture()], transfer: 'copy', ...(db ? { db } : {}) });
      const pg = path.join(tmpDir(), 'pg');
      const lite = path.join(tmpDir(), 'lite');
      const first = await run(pg, database.url);
      await run(lite);
      expect(first.report?.datasets.inserted).toBe(2);
      const dump = async (root: string) => {
        const d = await dumpRegistry(root, ['ingest_date']);
        // Engine-specific storage (UUID text forms, timespan columns, sequences) differs; compare the logical content.
        return { datasets: d.dataset?.length, exposure: d.exposure?.length, records: d.file_datastore_records?.length };
      };
      expect(await dump(pg)).toEqual(await dump(lite));
      expect(dumpDatastoreFiles(pg)).toEqual(dumpDatastoreFiles(lite));
      const before = await dumpRegistry(pg);
      expect((await run(pg)).report?.datasets.present).toBe(2);
      expect(await dumpRegistry(pg)).toEqual(before);
      const repo = await openRepository(pg);
      try {
        const registry = Registry.of(repo);
        const [exposure] = await registry.queryDimensionRecords('exposure', { instrument: 'LATISS' });
        expect(exposure).toMatchObject({ obs_id: 'AT_C_20180920_000065', day_obs: 20180920, seq_num: 65 });
        const refs = await registry.queryDatasets('raw', 'LATISS/raw/all');
        expect(refs.map((r) => r.dataId)).toEqual([{ instrument: 'LATISS', detector: 0, exposure: 3018092000065 }]);
      } finally {
        await repo.close();
      }
    });
  });
});
