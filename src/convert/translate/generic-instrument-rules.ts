import type { Gen2KeyNames } from '../gen2-keys.js';
import { rule, type TranslationRule } from './translation-rule.js';

/** Options of {@link genericInstrumentRules}. */
export interface GenericInstrumentRuleOptions {
  readonly keys: Gen2KeyNames;
  /** What `filter` of flat/sky/fringe becomes. Default is `physical_filter` (DECam and CFHT: `band`). */
  readonly calibFilterType?: 'physical_filter' | 'band';
}

/**
 * obs_base `addGenericInstrumentRules`, instrument-scoped, in the reference order: `instrument`
 * when the exposure key, detector key, `calibDate` or `visit` is present; raw exposure key →
 * `exposure` (consumes it and `filter`); `visit` → `visit` (consumes `filter`); detector key →
 * `detector`; transmission curves; `filter` of flat/sky/fringe → `calibFilterType`.
 */
export function genericInstrumentRules(options: GenericInstrumentRuleOptions): TranslationRule[] {
  const { detector, exposure } = options.keys;
  const calibFilterType = options.calibFilterType ?? 'physical_filter';
  return [
    ...[exposure, detector, 'calibDate', 'visit'].map((k) => rule(`${k}→instrument`, [k], { kind: 'instrument' }, { consume: [] })),
    rule(`${exposure}→exposure (raw)`, [exposure], { kind: 'copy', gen2Key: exposure, dimension: 'exposure', type: 'int' }, { consume: [exposure, 'filter'], datasetTypes: ['raw'] }),
    rule('visit→visit', ['visit'], { kind: 'copy', gen2Key: 'visit', dimension: 'visit', type: 'int' }, { consume: ['visit', 'filter'] }),
    rule(`${detector}→detector`, [detector], { kind: 'copy', gen2Key: detector, dimension: 'detector', type: 'int' }),
    ...['transmission_optics', 'transmission_atmosphere', 'transmission_filter'].map((t) => rule(`${t}→instrument`, [], { kind: 'instrument' }, { datasetTypes: [t] })),
    rule('filter→physical_filter (transmission_filter)', ['filter'], { kind: 'copy', gen2Key: 'filter', dimension: 'physical_filter', type: 'string' }, { datasetTypes: ['transmission_filter'] }),
    rule(`filter→${calibFilterType} (flat, sky, fringe)`, ['filter'], { kind: 'copy', gen2Key: 'filter', dimension: calibFilterType, type: 'string' }, { datasetTypes: ['flat', 'sky', 'fringe'] }),
  ];
}
