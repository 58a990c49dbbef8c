import type { ConversionPlan } from '../plan/index.js';
import { ConflictingDatasetsError, UnrepairableValidityError } from './errors.js';

/** Stable text of a data ID (keys sorted) for messages and map keys. */
export function dataIdKeyText(dataId: Readonly<Record<string, unknown>>): string {
  return Object.keys(dataId)
    .sort()
    .map((k) => `${k}=${String(dataId[k])}`)
    .join(',');
}

/**
 * Checks a plan before anything is written: no two Gen2 files may give the same dataset (type,
 * RUN, data ID), and no validity overlap may be left unrepaired (certification would fail half-way).
 * @throws ConflictingDatasetsError, UnrepairableValidityError
 */
export function checkPlan(plan: ConversionPlan): void {
  const byKey = new Map<string, { datasetType: string; run: string; dataId: string; paths: Set<string> }>();
  for (const d of plan.datasets) {
    const dataId = dataIdKeyText(d.dataId);
    const key = `${d.datasetType}\t${d.run}\t${dataId}`;
    const entry = byKey.get(key) ?? { datasetType: d.datasetType, run: d.run, dataId, paths: new Set<string>() };
    entry.paths.add(d.path);
    byKey.set(key, entry);
  }
  const conflicts = [...byKey.values()].filter((e) => e.paths.size > 1).map((e) => ({ ...e, paths: [...e.paths].sort() }));
  if (conflicts.length > 0) throw new ConflictingDatasetsError(conflicts);
  const overlaps = plan.validityIssues
    .filter((v) => v.kind === 'overlap' && !v.repaired)
    .map((v) => ({ datasetType: v.datasetType, dataId: dataIdKeyText(v.dataId), previousEnd: v.previousEnd, nextBegin: v.nextBegin }));
  if (overlaps.length > 0) throw new UnrepairableValidityError(overlaps);
}
