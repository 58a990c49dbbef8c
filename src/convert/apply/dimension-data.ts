import type { DimensionRecord } from '../../gen3/registry/index.js';
import type { ConversionPlan, PlannedExposure } from '../plan/index.js';
import { skyMapGeometry, skyMapRecords } from '../skymap-geometry.js';

/** The `exposure` record of a planned exposure (timespan as bigint TAI ns, or null). */
export function exposureRecord(instrument: string, e: PlannedExposure): DimensionRecord {
  return {
    instrument,
    id: e.id,
    obs_id: e.obs_id,
    physical_filter: e.physical_filter,
    group: e.group,
    day_obs: e.day_obs,
    exposure_time: e.exposure_time,
    dark_time: e.dark_time,
    observation_type: e.observation_type,
    observation_reason: e.observation_reason,
    seq_num: e.seq_num,
    target_name: e.target_name,
    science_program: e.science_program,
    timespan: e.begin !== null && e.end !== null ? { begin: BigInt(e.begin), end: BigInt(e.end) } : null,
  };
}

/**
 * Dimension records a plan needs, by element, in foreign-key order: instrument, detector,
 * physical_filter (instrument registration), then day_obs, group and exposure of the raws, then
 * skymap, tract and patch of the plan's skymaps (regions null: they need the skymap's WCS).
 * `day_obs` timespans are left empty (the instrument's observing-day offset is not known here).
 */
export function planDimensionData(plan: ConversionPlan): Record<string, DimensionRecord[]> {
  const r = plan.instrumentRecords;
  const exposures = plan.exposures ?? [];
  const instrument = plan.instrument;
  const dayObs = [...new Set(exposures.map((e) => e.day_obs))].sort((a, b) => a - b);
  const groups = [...new Set(exposures.map((e) => e.group))].sort();
  return {
    instrument: [{ ...r.instrument }],
    detector: r.detector.map((d) => ({ ...d })),
    physical_filter: r.physical_filter.map((f) => ({ ...f })),
    day_obs: dayObs.map((id) => ({ instrument, id })),
    group: groups.map((name) => ({ instrument, name })),
    exposure: exposures.map((e) => exposureRecord(instrument, e)),
    ...skyMapData(plan),
  };
}

function skyMapData(plan: ConversionPlan): Record<string, DimensionRecord[]> {
  const maps = plan.skyMaps ?? [];
  if (maps.length === 0) return {};
  const out: { skymap: DimensionRecord[]; tract: DimensionRecord[]; patch: DimensionRecord[] } = { skymap: [], tract: [], patch: [] };
  for (const m of maps) {
    const g = skyMapGeometry(m.name, { tractMax: m.tractMax, patchNx: m.patchNx, patchNy: m.patchNy, ...(m.tracts ? { tracts: m.tracts } : {}) });
    const r = skyMapRecords({ ...g, hash: m.hash });
    // Loops, not push(...rows): a large skymap has more patches than a call can take arguments.
    for (const k of ['skymap', 'tract', 'patch'] as const) for (const row of r[k]) out[k].push(row);
  }
  return out;
}
