import type { FilterMap } from '../filter-map.js';

/** What a translation needs besides the rules: the instrument, its filters and the skymap. */
export interface TranslationContext {
  /** Gen3 instrument name; undefined for mappers without one (obs_test). */
  readonly instrument: string | undefined;
  readonly filters: FilterMap;
  /** Gen3 skymap name for data IDs with `tract`; undefined when the repository has no skymap. */
  readonly skyMapName?: string;
  /** Patches along x of a tract (`getSequentialPatchIndex`); undefined when unknown. */
  readonly patchNx?: (tract: number) => number | undefined;
}
