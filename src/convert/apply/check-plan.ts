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
  // Kept small for a million datasets: per (type, RUN) the data ID texts and the index of their first dataset only.
  const byTypeRun = new Map<string, Map<string, number>>();
  const conflicting = new Map<number, Set<string>>();
  const datasets = plan.datasets;
  for (let i = 0; i < datasets.length; i++) {
    const d = datasets[i]!;
    const typeRun = `${d.datasetType}\t${d.run}`;
    let ids = byTypeRun.get(typeRun);
    if (!ids) byTypeRun.set(typeRun, (ids = new Map()));
    const dataId = dataIdKeyText(d.dataId);
    const first = ids.get(dataId);
    if (first === undefined) {
      ids.set(dataId, i);
      continue;
    }
    const firstPath = datasets[first]!.path;
    if (d.path === firstPath) continue;
    const paths = conflicting.get(first) ?? new Set([firstPath]);
    paths.add(d.path);
    conflicting.set(first, paths);
  }
  const conflicts = [...conflicting]
    .sort(([a], [b]) => a - b)
    .map(([first, paths]) => {
      const d = datasets[first]!;
      return { datasetType: d.datasetType, run: d.run, dataId: dataIdKeyText(d.dataId), paths: [...paths].sort() };
    });
  if (conflicts.length > 0) throw new ConflictingDatasetsError(conflicts);
  const overlaps = plan.validityIssues
    .filter((v) => v.kind === 'overlap' && !v.repaired)
    .map((v) => ({ datasetType: v.datasetType, dataId: dataIdKeyText(v.dataId), previousEnd: v.previousEnd, nextBegin: v.nextBegin }));
  if (overlaps.length > 0) throw new UnrepairableValidityError(overlaps);
}
