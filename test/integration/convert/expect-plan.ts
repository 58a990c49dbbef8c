import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ConversionPlan } from '../../../src/convert/plan/index.js';
import { makeDatasetId } from '../../../src/gen3/ids/index.js';
import { calibRows, getCollection, Registry, standardizeDataId } from '../../../src/gen3/registry/index.js';
import { openRepository } from '../../../src/gen3/repo/index.js';

/** Asserts that the repository holds exactly what the plan says: datasets with their ids and files, collections, chains, certifications, exposures. */
export async function expectRepoMatchesPlan(root: string, plan: ConversionPlan): Promise<void> {
  const repo = await openRepository(root);
  try {
    const registry = Registry.of(repo);
    const types = await registry.queryDatasetTypes();
    expect(types.map((t) => [t.name, t.storageClass, t.isCalibration])).toEqual(plan.datasetTypes.map((t) => [t.name, t.storageClass, t.isCalibration]));
    const runs = [...new Set(plan.datasets.map((d) => d.run))];
    let total = 0;
    for (const t of types) {
      const found = await registry.queryDatasets(t.name, runs);
      const planned = plan.datasets.filter((d) => d.datasetType === t.name);
      expect(found).toHaveLength(planned.length);
      total += found.length;
      for (const d of planned) {
        const dataId = standardizeDataId(repo.universe, t.dimensions, d.dataId);
        // findDataset of a type without dimensions is broken in the registry ("AND  AND"): look those up in the listing.
        const ref = t.dimensions.length > 0 ? await registry.findDataset(t.name, dataId, d.run) : found.find((f) => f.run === d.run);
        expect(ref?.id).toBe(makeDatasetId({ datasetType: t.name, run: d.run, requiredDataId: dataId }, 'DATAID_TYPE_RUN'));
      }
    }
    expect(total).toBe(plan.datasets.length);
    const records = await repo.db.select('file_datastore_records');
    expect(records).toHaveLength(plan.datasets.length);
    for (const r of records) expect(existsSync(String(r.path).startsWith('file://') ? fileURLToPath(String(r.path)) : path.join(root, String(r.path)))).toBe(true);
    const collections = await registry.queryCollections({ chains: 'NO-CHILDREN' });
    expect(collections.map((c) => [c.name, c.type]).sort()).toEqual(plan.collections.map((c) => [c.name, c.type]).sort());
    const present = new Set(collections.map((c) => c.name));
    for (const c of plan.collections.filter((x) => x.type === 'CHAINED')) expect(await registry.getCollectionChain(c.name)).toEqual((c.children ?? []).filter((x) => present.has(x)));
    let certified = 0;
    for (const t of types.filter((x) => x.isCalibration)) {
      const coll = await getCollection(repo.db, `${plan.instrument}/calib`, 'CALIBRATION');
      const rows = await calibRows(repo.db, t, coll.id);
      const planned = plan.certifications.filter((c) => c.datasetType === t.name);
      expect(rows.map((r) => `${r.timespan?.begin}-${r.timespan?.end}`).sort()).toEqual(planned.map((c) => `${c.begin}-${c.end}`).sort());
      certified += rows.length;
    }
    expect(certified).toBe(plan.certifications.length);
    const exposures = await registry.queryDimensionRecords('exposure', { instrument: plan.instrument });
    expect(exposures.map((e) => [e.id, e.obs_id, e.physical_filter, e.day_obs])).toEqual((plan.exposures ?? []).map((e) => [e.id, e.obs_id, e.physical_filter, e.day_obs]));
  } finally {
    await repo.close();
  }
}

