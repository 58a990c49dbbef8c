import { rule, type TranslationRule } from './translation-rule.js';

/** The Gen2 skymap dataset types that translate to a bare `skymap` data ID. */
export const SKYMAP_DATASET_TYPES: readonly string[] = Object.freeze(['deepCoadd_skyMap', 'goodSeeingCoadd_skyMap', 'psfMatchedCoadd_skyMap', 'dcrCoadd_skyMap']);

/**
 * The any-instrument rules of obs_base `translators.py`, in the reference order:
 * `tract` → `skymap` (not consumed); skymap dataset types → `skymap`; `patch` "x,y" → index;
 * `filter`+`tract` → `band` (verbatim); `tract` → `tract`; `pixel_id` → `htm7`.
 */
export const DEFAULT_TRANSLATION_RULES: readonly TranslationRule[] = Object.freeze([
  rule('tract→skymap', ['tract'], { kind: 'skymap' }, { consume: [] }),
  rule('skymap dataset→skymap', [], { kind: 'skymap' }, { datasetTypes: SKYMAP_DATASET_TYPES }),
  rule('patch→patch index', ['patch'], { kind: 'patch-index' }),
  rule('filter+tract→band', ['filter', 'tract'], { kind: 'copy', gen2Key: 'filter', dimension: 'band', type: 'string' }, { consume: ['filter'] }),
  rule('tract→tract', ['tract'], { kind: 'copy', gen2Key: 'tract', dimension: 'tract', type: 'int' }),
  rule('pixel_id→htm7', ['pixel_id'], { kind: 'copy', gen2Key: 'pixel_id', dimension: 'htm7', type: 'int' }),
]);
