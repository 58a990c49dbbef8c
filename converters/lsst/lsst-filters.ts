import { expandCompoundFilters, type FilterDefinition, type FilterMap } from '../../src/convert/filter-map.js';

function defs(pairs: readonly (readonly [string, string])[]): FilterDefinition[] {
  return pairs.map(([physicalFilter, band]) => ({ physicalFilter, band }));
}

/** LATISS filters proper (first component of `filter~grating`). */
const LATISS_BASE_FILTERS: FilterMap = {
  compoundSeparator: '~',
  definitions: defs([
    ['empty', 'white'],
    ['blank_bk7_wg05', 'white'],
    ['KPNO_1111_436nm', 'g'],
    ['KPNO_373A_677nm', 'r'],
    ['KPNO_406_828nm', 'z'],
    ['diffuser', 'diffuser'],
    ['unknown', 'unknown'],
    ['BG40', 'g'],
    ['quadnotch1', 'notch'],
    ['RG610', 'r'],
    ['FELH0600', 'r'],
    ['SDSSg', 'g'],
    ['SDSSr', 'r'],
    ['SDSSi', 'i'],
  ]),
};

/** The LATISS gratings that, with every filter, form the compound physical filters of the reference. */
export const LATISS_GRATINGS: readonly string[] = ['ronchi90lpmm', 'ronchi170lpmm', 'empty', 'unknown', 'holo4_003'];

const withGratings = LATISS_BASE_FILTERS.definitions.filter((d) => d.physicalFilter !== 'diffuser');

/**
 * LATISS physical filters: every filter alone and, except `diffuser`, with every grating (`a~b` takes
 * the band of `a`): exactly the 79 `physical_filter` records of the reference conversion (obs_lsst
 * `data/input/latiss/gen3.sqlite3`).
 */
export const LATISS_FILTERS: FilterMap = {
  compoundSeparator: '~',
  definitions: [...expandCompoundFilters({ compoundSeparator: '~', definitions: withGratings }, LATISS_GRATINGS), ...LATISS_BASE_FILTERS.definitions.filter((d) => d.physicalFilter === 'diffuser')],
};

/** The broad bands ugrizy as physical filters of the same names, plus `empty`/`unknown`; compound `a~b` allowed. */
export const LSST_BROADBAND_FILTERS: FilterMap = {
  compoundSeparator: '~',
  definitions: defs([
    ['u', 'u'],
    ['g', 'g'],
    ['r', 'r'],
    ['i', 'i'],
    ['z', 'z'],
    ['y', 'y'],
    ['empty', 'white'],
    ['unknown', 'unknown'],
  ]),
};
