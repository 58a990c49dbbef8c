import { describe, expect, it } from 'vitest';
import { hscConverter } from '../../../converters/hsc/index.js';
import { DataIdTranslationError } from '../../../src/convert/errors.js';
import { EMPTY_FILTER_MAP } from '../../../src/convert/filter-map.js';
import { DEFAULT_GEN2_KEYS } from '../../../src/convert/gen2-keys.js';
import { DEFAULT_TRANSLATION_RULES, genericInstrumentRules, makeTranslator, rule, selectRules } from '../../../src/convert/translate/index.js';

const hsc = hscConverter.instruments[0]!;
const generic = { instrument: 'CAM', rules: genericInstrumentRules({ keys: DEFAULT_GEN2_KEYS }), filters: EMPTY_FILTER_MAP };

describe('rule selection', () => {
  it('tries (instrument, type) → (instrument, any) → (any, type) → (any, any)', () => {
    const order = selectRules(
      [rule('instr-any', ['a'], { kind: 'instrument' }, { consume: [] }), rule('instr-type', ['a'], { kind: 'constant', dimension: 'x', value: 1 }, { datasetTypes: ['t'], consume: [] })],
      [rule('any-any', ['a'], { kind: 'constant', dimension: 'z', value: 3 }, { consume: [] }), rule('any-type', ['a'], { kind: 'constant', dimension: 'y', value: 2 }, { datasetTypes: ['t'], consume: [] })],
      't',
      ['a'],
    ).map((r) => r.name);
    expect(order).toEqual(['instr-type', 'instr-any', 'any-type', 'any-any']);
  });

  it('lets a rule fire only while its keys are unconsumed', () => {
    const fired = selectRules([rule('first', ['a'], { kind: 'constant', dimension: 'x', value: 1 })], [rule('second', ['a'], { kind: 'constant', dimension: 'y', value: 2 })], 't', ['a']);
    expect(fired.map((r) => r.name)).toEqual(['first']);
  });

  it('uses the instrument-scoped HSC band rule instead of the verbatim default for coadds', () => {
    const t = makeTranslator(hsc, 'deepCoadd', ['filter', 'tract', 'patch'], { skyMapName: 'hsc_rings_v1', patchNx: () => 9 });
    expect(t.translate({ filter: 'HSC-R2', tract: 9813, patch: '3,4' }).dataId).toEqual({ skymap: 'hsc_rings_v1', patch: 39, band: 'r', tract: 9813 });
    const plain = makeTranslator(generic, 'deepCoadd', ['filter', 'tract', 'patch'], { skyMapName: 's', patchNx: () => 9 });
    expect(plain.translate({ filter: 'HSC-R2', tract: 1, patch: '0,0' }).dataId).toEqual({ skymap: 's', patch: 0, band: 'HSC-R2', tract: 1 });
  });

  it('makes raws exposures and everything else visits, consuming filter', () => {
    expect(makeTranslator(generic, 'raw', ['visit', 'ccd', 'filter']).translate({ visit: 5, ccd: 2, filter: 'F' }).dataId).toEqual({ instrument: 'CAM', exposure: 5, detector: 2 });
    expect(makeTranslator(generic, 'calexp', ['visit', 'ccd', 'filter']).translate({ visit: 5, ccd: 2, filter: 'F' }).dataId).toEqual({ instrument: 'CAM', visit: 5, detector: 2 });
    expect(makeTranslator(generic, 'sourceTable_visit', ['visit']).dimensions).toEqual(['instrument', 'visit']);
  });

  it('returns calibDate apart and maps calibration filters to physical_filter', () => {
    const r = makeTranslator(generic, 'flat', ['calibDate', 'filter', 'ccd']).translate({ calibDate: '2013-11-03', filter: 'F', ccd: 3 });
    expect(r).toEqual({ dataId: { instrument: 'CAM', physical_filter: 'F', detector: 3 }, calibDate: '2013-11-03' });
  });

  it('translates pixel_id, skymap dataset types and key-less types', () => {
    expect(makeTranslator(generic, 'ps1', ['pixel_id']).translate({ pixel_id: 189584 }).dataId).toEqual({ htm7: 189584 });
    expect(makeTranslator(generic, 'deepCoadd_skyMap', [], { skyMapName: 'sky' }).translate({}).dataId).toEqual({ skymap: 'sky' });
    expect(makeTranslator(generic, 'src_schema', []).translate({}).dataId).toEqual({});
    expect(DEFAULT_TRANSLATION_RULES.map((r) => r.name)).toEqual(['tract→skymap', 'skymap dataset→skymap', 'patch→patch index', 'filter+tract→band', 'tract→tract', 'pixel_id→htm7']);
  });

  it('raises a typed error naming the dataset type and data ID', () => {
    const t = makeTranslator(generic, 'calexp', ['visit', 'ccd']);
    expect(() => t.translate({ visit: 'abc', ccd: 1 })).toThrow(DataIdTranslationError);
    expect(() => t.translate({ ccd: 1 })).toThrowErrorMatchingInlineSnapshot(`[DataIdTranslationError: cannot translate calexp data ID {ccd=1}: missing key visit (rule visit→instrument)]`);
    expect(t.translate({ ccd: 1 }, { partial: true }).dataId).toEqual({ instrument: 'CAM', detector: 1 });
    const coadd = makeTranslator(generic, 'deepCoadd', ['tract', 'patch', 'filter']);
    expect(() => coadd.translate({ tract: 0, patch: '1,1', filter: 'g' })).toThrow(/no skymap configured/);
    const noInstrument = makeTranslator({ ...generic, instrument: undefined }, 'calexp', ['visit']);
    expect(() => noInstrument.translate({ visit: 1 })).toThrow(/no Gen3 instrument/);
  });
});

describe('obs_test (no Gen3 instrument)', () => {
  it('translates data IDs without instrument keys and refuses the others with a typed error', async () => {
    const { testConverter } = await import('../../../converters/test/index.js');
    const d = testConverter.instruments[0]!;
    expect(makeTranslator(d, 'src_schema', []).translate({}).dataId).toEqual({});
    expect(() => makeTranslator(d, 'raw', ['visit', 'ccd']).translate({ visit: 1, ccd: 0 })).toThrow(DataIdTranslationError);
  });
});
