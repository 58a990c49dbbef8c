import { calibCollectionName, defaultsCollectionName, guessRerunNames, rawRunName, REFCATS_CHAIN, REFCATS_RUN, SKYMAPS_RUN } from '../collection-names.js';
import type { ConversionConfig } from '../conversion-config.js';
import type { PlanSource, PlannedCollection, PlannedDataset } from './plan-model.js';

/** What {@link planCollections} decides from. */
export interface PlanCollectionsInput {
  readonly instrument: string;
  readonly config: ConversionConfig;
  readonly reruns: readonly string[];
  /** RUNs used by the datasets of each source. */
  readonly runsBySource: ReadonlyMap<PlanSource, ReadonlySet<string>>;
  readonly datasets: readonly PlannedDataset[];
}

/**
 * The collections of a conversion (gen3-and-convert §B1.12): `<INSTR>/raw/all`, the `<INSTR>/calib`
 * CALIBRATION collection (always), calibration and root RUNs, `refcats/gen2` under `refcats`, one
 * RUN and CHAINED collection per rerun, and the `<INSTR>/defaults` umbrella.
 */
export function planCollections({ instrument, config, reruns, runsBySource, datasets }: PlanCollectionsInput): PlannedCollection[] {
  const out: PlannedCollection[] = [];
  const add = (c: PlannedCollection) => {
    if (!out.some((o) => o.name === c.name)) out.push(c);
  };
  const raw = rawRunName(instrument);
  const calib = calibCollectionName(instrument);
  add({ name: raw, type: 'RUN' });
  add({ name: calib, type: 'CALIBRATION' });
  for (const run of [...(runsBySource.get('calib') ?? [])].sort()) add({ name: run, type: 'RUN' });
  const rootRuns = [...(runsBySource.get('root') ?? [])].filter((r) => r !== raw && r !== REFCATS_RUN).sort();
  for (const run of rootRuns) add({ name: run, type: 'RUN' });
  if (runsBySource.get('root')?.has(REFCATS_RUN)) {
    add({ name: REFCATS_RUN, type: 'RUN' });
    add({ name: REFCATS_CHAIN, type: 'CHAINED', children: [REFCATS_RUN] });
  }
  for (const rerun of reruns) {
    const names = guessRerunNames(instrument, rerun);
    const runs = [...(runsBySource.get(`rerun:${rerun}`) ?? [])];
    for (const run of [names.runName, ...runs]) add({ name: run, type: 'RUN' });
    add({ name: names.chainName, type: 'CHAINED', children: [names.runName, ...runs.filter((r) => r !== names.runName)] });
  }
  if (config.doMakeUmbrellaCollection) {
    const hasRefcats = datasets.some((d) => d.run === REFCATS_RUN);
    const hasSkymap = config.rootSkyMapName !== undefined && datasets.some((d) => 'skymap' in d.dataId);
    const children = [raw, ...rootRuns, ...(hasRefcats ? [REFCATS_CHAIN] : []), calib, ...(hasSkymap ? [SKYMAPS_RUN] : []), ...config.extraUmbrellaChildren];
    add({ name: defaultsCollectionName(instrument), type: 'CHAINED', children: [...new Set(children)] });
  }
  return out;
}
