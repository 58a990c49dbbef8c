/**
 * The gather step: one row per detector of a visit from every detector's calexp and src. Rows are
 * sorted by detector, so the result does not depend on the order the butler lists the inputs in —
 * unless `order` deliberately keeps that order (fault injection: then `visit_flux_running`, a float32
 * running sum in row order, and the row order itself change with it).
 */
import type { Catalog } from '../catalog-table.js';
import type { ObservationInfo } from '../neutral-butler.js';

/** The per-detector inputs of one visit. */
export interface DetectorSummaryInput {
  readonly obs: ObservationInfo;
  readonly backgroundMean: number;
  readonly sourceFluxes: Float64Array;
  readonly centroidX: Float64Array;
  readonly centroidY: Float64Array;
}

/**
 * Row order of the gather: `sorted` (by detector, the default); `as-given` (the order the butler
 * listed the inputs in) or `reversed` (that order reversed) inject an input-order dependence.
 */
export type GatherOrder = 'sorted' | 'as-given' | 'reversed';

function mean(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Builds the visit summary catalog. */
export function summarizeVisit(visit: number, inputs: readonly DetectorSummaryInput[], order: GatherOrder = 'sorted'): Catalog {
  const rows = order === 'sorted' ? [...inputs].sort((a, b) => a.obs.detector - b.obs.detector) : order === 'reversed' ? [...inputs].reverse() : [...inputs];
  const running = new Float32Array(rows.length);
  let acc = Math.fround(0);
  const totals = rows.map((r) => {
    let t = 0;
    for (const f of r.sourceFluxes) t += f;
    return t;
  });
  totals.forEach((t, i) => {
    acc = Math.fround(acc + Math.fround(t));
    running[i] = acc;
  });
  const filters = [...new Set(rows.map((r) => r.obs.physicalFilter))];
  const bands = [...new Set(rows.map((r) => r.obs.band ?? ''))];
  return {
    rows: rows.length,
    metadata: [
      ['VISIT', visit, 'Visit'],
      ['FILTER', filters.join(','), 'Physical filter'],
      ['BAND', bands.join(','), 'Band of the physical filter'],
      ['NDETECT', rows.length, 'Detectors summarised'],
    ],
    columns: [
      { name: 'id', values: BigInt64Array.from(rows.map((r) => BigInt(r.obs.detector))), doc: 'detector id' },
      { name: 'visit', values: BigInt64Array.from(rows.map(() => BigInt(visit))), doc: 'visit id' },
      { name: 'physical_filter', values: rows.map((r) => r.obs.physicalFilter), doc: 'physical filter' },
      { name: 'band', values: rows.map((r) => r.obs.band ?? ''), doc: 'band of the physical filter (empty when the side does not know it)' },
      { name: 'bg_mean', values: Float64Array.from(rows.map((r) => r.backgroundMean)), unit: 'adu', doc: 'mean background' },
      { name: 'n_sources', values: Int32Array.from(rows.map((r) => r.sourceFluxes.length)), doc: 'sources detected' },
      { name: 'total_flux', values: Float64Array.from(totals), unit: 'adu', doc: 'summed source flux' },
      { name: 'mean_centroid_x', values: Float64Array.from(rows.map((r) => mean(r.centroidX))), unit: 'pixel', doc: 'mean source x' },
      { name: 'mean_centroid_y', values: Float64Array.from(rows.map((r) => mean(r.centroidY))), unit: 'pixel', doc: 'mean source y' },
      { name: 'visit_flux_running', values: running, unit: 'adu', doc: 'float32 running sum of total_flux in row order' },
    ],
  };
}
