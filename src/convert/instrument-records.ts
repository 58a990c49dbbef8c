import type { InstrumentDeclaration } from './instrument-declaration.js';
import { physicalToBand } from './filter-map.js';

/** Gen3 dimension records registering one instrument, as plain data (what `instrument.register` writes). */
export interface InstrumentRecords {
  readonly instrument: { readonly name: string; readonly class_name: string; readonly visit_max?: number; readonly exposure_max?: number; readonly detector_max?: number };
  readonly detector: readonly { readonly instrument: string; readonly id: number; readonly full_name: string }[];
  readonly physical_filter: readonly { readonly instrument: string; readonly name: string; readonly band: string }[];
}

/** What the Gen2 repository contributes: detector ids and physical filters seen in its registries and paths. */
export interface Gen2InstrumentEvidence {
  readonly detectors?: Iterable<number>;
  readonly physicalFilters?: Iterable<string>;
}

/**
 * Instrument, detector and physical-filter records: the declaration's detectors and filters, plus
 * detectors and filters found in the Gen2 repository that it does not list (their band from the
 * filter map; unknown ones map to themselves, as the reference's pass-through does). Sorted.
 * @returns undefined when the declaration has no Gen3 instrument.
 */
export function buildInstrumentRecords(declaration: InstrumentDeclaration, evidence: Gen2InstrumentEvidence = {}): InstrumentRecords | undefined {
  const name = declaration.instrument;
  if (name === undefined || declaration.instrumentClass === undefined) return undefined;
  const ids = [...new Set([...declaration.detectors.ids, ...(evidence.detectors ?? [])])].sort((a, b) => a - b);
  const filters = new Map<string, string>();
  for (const d of declaration.filters.definitions) filters.set(d.physicalFilter, d.band);
  for (const f of evidence.physicalFilters ?? []) if (!filters.has(f)) filters.set(f, physicalToBand(declaration.filters, f));
  const limits = declaration.limits;
  return {
    instrument: { name, class_name: declaration.instrumentClass, ...(limits ? { visit_max: limits.visitMax, exposure_max: limits.exposureMax, detector_max: limits.detectorMax } : {}) },
    detector: ids.map((id) => ({ instrument: name, id, full_name: declaration.detectors.names?.[id] ?? String(id) })),
    physical_filter: [...filters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([f, band]) => ({ instrument: name, name: f, band })),
  };
}
