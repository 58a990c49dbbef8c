import { calibCollectionName, defaultsCollectionName, rawRunName, REFCATS_CHAIN, REFCATS_RUN, SKYMAPS_RUN } from '../collection-names.js';
import type { ConversionConfig } from '../conversion-config.js';
import { rerunChains, type RerunSpec } from '../rerun-specs.js';
import type { PlanSource, PlannedCollection, PlannedDataset } from './plan-model.js';

/** What {@link planCollections} decides from. */
export interface PlanCollectionsInput {
  readonly instrument: string;
  readonly config: ConversionConfig;
  /** The reruns with their decided names and parents. */
  readonly reruns: readonly RerunSpec[];
  /** RUNs used by the datasets of each source. */
  readonly runsBySource: ReadonlyMap<PlanSource, ReadonlySet<string>>;
  readonly datasets: readonly PlannedDataset[];
}

/**
 * The collections of a conversion (gen3-and-convert §B1.12): `<INSTR>/raw/all`, the `<INSTR>/calib`
 * CALIBRATION collection and the `skymaps` RUN (always), calibration and root RUNs, `refcats/gen2` under `refcats`, one
 * RUN and CHAINED collection per rerun, and the `<INSTR>/defaults` umbrella.
 */
export function planCollections({ instrument, config, reruns, runsBySource, datasets }: PlanCollectionsInput): PlannedCollection[] {
  const out: PlannedCollection[] = [];
  const hasSkyMapDataset = datasets.some((d) => d.run === SKYMAPS_RUN);
  const add = (c: PlannedCollection) => {
    if (!out.some((o) => o.name === c.name)) out.push(c);
  };
  const raw = rawRunName(instrument);
  const calib = calibCollectionName(instrument);
  add({ name: raw, type: 'RUN' });
  add({ name: calib, type: 'CALIBRATION' });
  for (const run of [...(runsBySource.get('calib') ?? [])].sort()) add({ name: run, type: 'RUN' });
  const rootRuns = [...(runsBySource.get('root') ?? [])].filter((r) => r !== raw && r !== REFCATS_RUN && r !== SKYMAPS_RUN).sort();
  for (const run of rootRuns) add({ name: run, type: 'RUN' });
  if (runsBySource.get('root')?.has(REFCATS_RUN)) {
    add({ name: REFCATS_RUN, type: 'RUN' });
    add({ name: REFCATS_CHAIN, type: 'CHAINED', children: [REFCATS_RUN] });
  }
  // The reference registers `skymaps` (empty when no skymap was converted) and ends the umbrella with it.
  add({ name: SKYMAPS_RUN, type: 'RUN' });
  const extraRuns = (spec: RerunSpec) => [...(runsBySource.get(`rerun:${spec.path}`) ?? [])].filter((r) => r !== spec.runName).sort();
  for (const spec of reruns) for (const run of [spec.runName, ...extraRuns(spec)]) add({ name: run, type: 'RUN' });
  const chains = rerunChains(reruns, (spec) => {
    // A rerun whose tract/patch data uses a skymap gets `skymaps` in its chain (as the reference's converters that found one).
    const usesSkyMap = hasSkyMapDataset && datasets.some((d) => d.source === `rerun:${spec.path}` && 'skymap' in d.dataId);
    return [...new Set([...extraRuns(spec), ...(usesSkyMap ? [SKYMAPS_RUN] : [])])];
  });
  for (const [name, children] of chains) add({ name, type: 'CHAINED', children });
  if (config.doMakeUmbrellaCollection) {
    const hasRefcats = datasets.some((d) => d.run === REFCATS_RUN);
    const children = [raw, ...rootRuns, ...(hasRefcats ? [REFCATS_CHAIN] : []), calib, SKYMAPS_RUN, ...config.extraUmbrellaChildren];
    add({ name: defaultsCollectionName(instrument), type: 'CHAINED', children: [...new Set(children)] });
  }
  return out;
}
