import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { planDimensionData } from '../../../../src/convert/apply/dimension-data.js';
import type { ConversionPlan, PlannedCertification, PlannedDataset } from '../../../../src/convert/plan/index.js';
import { NULL_COMPONENT, type FileDatastoreRecord } from '../../../../src/gen3/datastore/index.js';
import { Registry, type DatasetRef } from '../../../../src/gen3/registry/index.js';
import { createRepository, openRepository, type Repository } from '../../../../src/gen3/repo/index.js';

/** How {@link populateFromPlan} stores files. */
export type TestTransfer = 'direct' | 'copy' | 'symlink';

/** Knobs for negative tests: change what is written without touching the plan. */
export interface PopulateTweaks {
  /** The file stored for a dataset (default: its planned path). */
  fileFor?: (d: PlannedDataset) => string;
  /** The validity range certified (default: the planned one). */
  certification?: (c: PlannedCertification) => PlannedCertification;
}

const key = (d: { datasetType: string; run: string; dataId: Readonly<Record<string, unknown>> }) => `${d.datasetType}|${d.run}|${JSON.stringify(d.dataId)}`;

/**
 * A Gen3 repository made from a plan through the public Registry API only (what a conversion
 * writes, minus visits): dimension records, dataset types, collections, datasets, datastore
 * records and certifications. Independent of `applyPlan`, so `verifyConversion` can be tested alone.
 */
export async function populateFromPlan(plan: ConversionPlan, root: string, transfer: TestTransfer, tweaks: PopulateTweaks = {}): Promise<Repository> {
  await createRepository(root);
  const repo = await openRepository(root);
  const registry = Registry.of(repo);
  await registry.insertDimensionData(planDimensionData(plan));
  for (const t of plan.datasetTypes) await registry.registerDatasetType({ name: t.name, dimensions: t.dimensions, storageClass: t.storageClass, isCalibration: t.isCalibration });
  for (const c of plan.collections) {
    if (c.type === 'RUN') await registry.registerRun(c.name);
    else await registry.registerCollection(c.name, c.type);
  }
  const groups = new Map<string, PlannedDataset[]>();
  for (const d of plan.datasets) {
    const k = `${d.datasetType}|${d.run}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
    if (!plan.collections.some((c) => c.name === d.run)) await registry.registerRun(d.run);
  }
  const refs = new Map<string, DatasetRef>();
  const records: FileDatastoreRecord[] = [];
  const storage = new Map(plan.datasetTypes.map((t) => [t.name, t.storageClass]));
  let n = 0;
  for (const list of groups.values()) {
    const first = list[0]!;
    const inserted = await registry.insertDatasets(first.datasetType, first.run, list.map((d) => d.dataId));
    list.forEach((d, i) => {
      const ref = inserted[i]!;
      refs.set(key(d), ref);
      const file = tweaks.fileFor?.(d) ?? d.path;
      let stored: string;
      if (transfer === 'direct') stored = pathToFileURL(file).href;
      else {
        stored = `${d.run}/${d.datasetType}/${n++}_${path.basename(file)}`;
        mkdirSync(path.dirname(path.join(root, stored)), { recursive: true });
        if (transfer === 'copy') copyFileSync(file, path.join(root, stored));
        else symlinkSync(file, path.join(root, stored));
      }
      records.push({ dataset_id: ref.id, path: stored, formatter: d.formatter ?? 'lsst.daf.butler.formatters.file.FileFormatter', storage_class: storage.get(d.datasetType)!, component: NULL_COMPONENT, checksum: null, file_size: -1 });
    });
  }
  await registry.insertFileRecords(records);
  for (const c of plan.collections) if (c.type === 'CHAINED') await registry.setCollectionChain(c.name, c.children ?? []);
  for (const planned of plan.certifications) {
    const c = tweaks.certification?.(planned) ?? planned;
    const ref = refs.get(key(c));
    if (!ref) throw new Error(`certification of an unplanned dataset ${key(c)}`);
    await registry.certify(c.collection, [ref], { begin: BigInt(c.begin), end: BigInt(c.end) });
  }
  return repo;
}
