import type { TemplateRecord, TemplateRef } from '../../gen3/datastore/index.js';
import type { DimensionUniverse } from '../../gen3/dimensions/index.js';
import type { DatasetTypeRecord } from '../../gen3/registry/index.js';
import type { ConversionPlan, PlannedDataset, PlannedExposure } from '../plan/index.js';

const closures = new WeakMap<DatasetTypeRecord, { closure: { required: readonly string[]; implied: readonly string[] }; names: readonly string[] }>();

function closureOf(universe: DimensionUniverse, type: DatasetTypeRecord): { closure: { required: readonly string[]; implied: readonly string[] }; names: readonly string[] } {
  let c = closures.get(type);
  if (!c) {
    const closure = universe.closure(type.dimensions);
    c = { closure, names: [...closure.required, ...closure.implied] };
    closures.set(type, c);
  }
  return c;
}

/** What file templates may need about a plan's dimension values: exposures, detectors, filter → band. */
export interface TemplateLookup {
  readonly exposures: ReadonlyMap<number, PlannedExposure>;
  readonly detectors: ReadonlyMap<number, string>;
  readonly bands: ReadonlyMap<string, string>;
}

/** The lookup tables of a plan. */
export function templateLookup(plan: ConversionPlan): TemplateLookup {
  return {
    exposures: new Map((plan.exposures ?? []).map((e) => [e.id, e])),
    detectors: new Map(plan.instrumentRecords.detector.map((d) => [d.id, d.full_name])),
    bands: new Map(plan.instrumentRecords.physical_filter.map((f) => [f.name, f.band])),
  };
}

/**
 * The expanded reference a file template is formatted for: the data ID with the implied values
 * the plan knows (physical_filter, band, day_obs, group of an exposure; band of a filter) and the
 * exposure and detector records.
 */
export function datasetTemplateRef(universe: DimensionUniverse, type: DatasetTypeRecord, d: PlannedDataset, id: string, lookup: TemplateLookup): TemplateRef {
  const { closure, names } = closureOf(universe, type);
  const dataId: Record<string, string | number> = { ...d.dataId };
  const records: Record<string, TemplateRecord | null> = {};
  const exposure = typeof dataId.exposure === 'number' ? lookup.exposures.get(dataId.exposure) : undefined;
  if (exposure) {
    dataId.physical_filter ??= exposure.physical_filter;
    dataId.day_obs ??= exposure.day_obs;
    dataId.group ??= exposure.group;
    records.exposure = { ...exposure, instrument: String(dataId.instrument), begin: null, end: null };
  }
  if (typeof dataId.physical_filter === 'string' && dataId.band === undefined) {
    const band = lookup.bands.get(dataId.physical_filter);
    if (band !== undefined) dataId.band = band;
  }
  if (typeof dataId.detector === 'number') {
    const fullName = lookup.detectors.get(dataId.detector);
    if (fullName !== undefined) records.detector = { instrument: String(dataId.instrument), id: dataId.detector, full_name: fullName };
  }
  const kept = Object.fromEntries(Object.entries(dataId).filter(([k]) => names.includes(k)));
  return {
    datasetType: { name: type.name, dimensions: { required: closure.required, names }, storageClass: type.storageClass },
    dataId: kept,
    records,
    run: d.run,
    id,
  };
}
