/** One physical filter of an instrument and the band it belongs to (Gen3 `physical_filter` record). */
export interface FilterDefinition {
  readonly physicalFilter: string;
  readonly band: string;
  /** Gen2 names of this filter when they differ from `physicalFilter` (DECam `g` → `g DECam SDSS c0001 4720.0 1520.0`). */
  readonly gen2Aliases?: readonly string[];
}

/**
 * An instrument's filters. With `compoundSeparator` (obs_lsst `~`), a physical filter `a~b` (filter
 * `a`, grating `b`) takes the band of `a`.
 */
export interface FilterMap {
  readonly definitions: readonly FilterDefinition[];
  readonly compoundSeparator?: string;
}

/** An empty filter map: every lookup passes its value through. */
export const EMPTY_FILTER_MAP: FilterMap = Object.freeze({ definitions: [] });

/**
 * The band of a physical filter (obs_base `PhysicalFilterToBandKeyHandler`). Unknown values pass
 * through unchanged, as in the reference.
 */
export function physicalToBand(map: FilterMap, physical: string): string {
  const exact = map.definitions.find((d) => d.physicalFilter === physical || d.gen2Aliases?.includes(physical));
  if (exact) return exact.band;
  if (map.compoundSeparator && physical.includes(map.compoundSeparator)) {
    const first = physical.slice(0, physical.indexOf(map.compoundSeparator));
    const def = map.definitions.find((d) => d.physicalFilter === first);
    if (def) return def.band;
  }
  return physical;
}

/**
 * The physical filter of a Gen2 band or alias (obs_decam `_DecamBandToPhysicalFilterKeyHandler`):
 * the definition listing it as an alias, else the first with that band. Unknown values pass through.
 */
export function bandToPhysical(map: FilterMap, band: string): string {
  const byAlias = map.definitions.find((d) => d.gen2Aliases?.includes(band));
  if (byAlias) return byAlias.physicalFilter;
  const byBand = map.definitions.find((d) => d.band === band);
  return byBand ? byBand.physicalFilter : band;
}

/** Every physical filter of the map, with compound filters `a~b` for the given second components. */
export function expandCompoundFilters(map: FilterMap, seconds: readonly string[]): FilterDefinition[] {
  const out: FilterDefinition[] = [...map.definitions];
  if (!map.compoundSeparator) return out;
  for (const d of map.definitions) for (const s of seconds) out.push({ physicalFilter: `${d.physicalFilter}${map.compoundSeparator}${s}`, band: d.band });
  return out;
}
