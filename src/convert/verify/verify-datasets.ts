import type { Registry } from '../../gen3/registry/index.js';
import type { ProgressBar } from '../../log/progress.js';
import type { ConversionPlan, PlannedDataset } from '../plan/plan-model.js';
import type { Gen2Views } from './gen2-views.js';
import type { Gen3File } from './gen3-files.js';
import { mapLimit } from '../../async/map-limit.js';
import { sameFile } from './same-file.js';
import type { VerifyDatasetCounts, VerifyMismatch } from './verify-report.js';

/** Key of a data ID over the given dimensions. */
export function dataIdKey(dimensions: readonly string[], dataId: Readonly<Record<string, unknown>>): string {
  return dimensions.map((d) => String(dataId[d])).join('\u0000');
}

interface Group {
  readonly datasetType: string;
  readonly run: string;
  readonly datasets: PlannedDataset[];
}

/** The Gen3 dataset ids of the planned datasets (by plan index), or why a group could not be read. */
async function gen3Ids(plan: ConversionPlan, registry: Registry): Promise<{ ids: (string | undefined)[]; missing: Map<number, string> }> {
  const groups = new Map<string, Group & { indexes: number[] }>();
  plan.datasets.forEach((d, i) => {
    const k = `${d.datasetType}\u0000${d.run}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { datasetType: d.datasetType, run: d.run, datasets: [], indexes: [] }));
    g.datasets.push(d);
    g.indexes.push(i);
  });
  const ids: (string | undefined)[] = new Array<string | undefined>(plan.datasets.length);
  const missing = new Map<number, string>();
  for (const g of groups.values()) {
    const type = await registry.findDatasetType(g.datasetType);
    if (!type) {
      for (const i of g.indexes) missing.set(i, `dataset type ${g.datasetType} is not registered in the Gen3 repository`);
      continue;
    }
    const run = await registry.findCollection(g.run);
    if (!run) {
      for (const i of g.indexes) missing.set(i, `RUN ${g.run} does not exist in the Gen3 repository`);
      continue;
    }
    const refs = await registry.queryDatasets(g.datasetType, [g.run]);
    const byKey = new Map(refs.map((r) => [dataIdKey(type.dimensions, r.dataId), r.id]));
    g.datasets.forEach((d, j) => {
      const i = g.indexes[j]!;
      const id = byKey.get(dataIdKey(type.dimensions, d.dataId));
      if (id === undefined) missing.set(i, `no ${g.datasetType} with this data ID in RUN ${g.run}`);
      ids[i] = id;
    });
  }
  return { ids, missing };
}

/**
 * Checks every planned dataset: the file the Gen2 Butler finds and the file the Gen3 repository
 * points to are the same inode or hold identical bytes, with the same HDU.
 */
export async function verifyDatasets(
  plan: ConversionPlan,
  registry: Registry,
  files: ReadonlyMap<string, readonly Gen3File[]>,
  gen2: Gen2Views,
  jobs: number,
  bar: ProgressBar,
): Promise<{ counts: VerifyDatasetCounts; mismatches: VerifyMismatch[] }> {
  const { ids, missing } = await gen3Ids(plan, registry);
  let sameInode = 0;
  let sameBytes = 0;
  let byPlannedPath = 0;
  const found = await mapLimit(plan.datasets, jobs, async (d, i): Promise<VerifyMismatch | undefined> => {
    bar.tick();
    const base = { kind: 'dataset' as const, datasetType: d.datasetType, dataId: d.dataId, run: d.run };
    const g2 = gen2.locate(d);
    const id = ids[i];
    const g3 = id === undefined ? undefined : files.get(id)?.[0];
    const gen3Path = g3?.path;
    if (!g2.found) return { ...base, ...(g2.dataId ? { gen2DataId: g2.dataId } : {}), gen2Path: undefined, gen3Path, reason: g2.reason };
    const gen2Path = g2.location.path;
    const withIds = { ...base, ...(g2.location.dataId ? { gen2DataId: g2.location.dataId } : {}), gen2Path };
    if (g2.byPlannedPath) byPlannedPath++;
    if (id === undefined) return { ...withIds, gen3Path: undefined, reason: missing.get(i) ?? 'not in the Gen3 registry' };
    if (!g3) return { ...withIds, gen3Path: undefined, reason: `dataset ${id} has no datastore record` };
    if (g2.location.hdu !== undefined && d.hdu !== undefined && g2.location.hdu !== d.hdu) {
      return { ...withIds, gen3Path, reason: `Gen2 HDU ${g2.location.hdu} but the conversion planned HDU ${d.hdu}` };
    }
    if (g3.hdu !== undefined && g3.hdu !== (g2.location.hdu ?? d.hdu)) {
      return { ...withIds, gen3Path, reason: `Gen3 record selects HDU ${g3.hdu}, Gen2 HDU ${String(g2.location.hdu ?? d.hdu)}` };
    }
    const same = await sameFile(gen2Path, g3.path);
    if (!same.same) return { ...withIds, gen3Path, reason: same.reason };
    if (same.how === 'inode') sameInode++;
    else sameBytes++;
    return undefined;
  });
  const mismatches = found.filter((m): m is VerifyMismatch => m !== undefined);
  return { counts: { checked: plan.datasets.length, matched: plan.datasets.length - mismatches.length, sameInode, sameBytes, byPlannedPath }, mismatches };
}
