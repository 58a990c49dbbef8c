import type { FilterMap } from '../../src/convert/filter-map.js';

/** HSC physical filters → bands, exactly the `physical_filter` records of the reference conversion (testdata_jointcal). */
export const HSC_FILTERS: FilterMap = {
  definitions: (
    [
      ['HSC-G', 'g'],
      ['HSC-R', 'r'],
      ['HSC-R2', 'r'],
      ['HSC-I', 'i'],
      ['HSC-I2', 'i'],
      ['HSC-Z', 'z'],
      ['HSC-Y', 'y'],
      ['IB0945', 'I945'],
      ['NB0387', 'N387'],
      ['NB0400', 'N400'],
      ['NB0468', 'N468'],
      ['NB0515', 'N515'],
      ['NB0527', 'N527'],
      ['NB0656', 'N656'],
      ['NB0718', 'N718'],
      ['NB0816', 'N816'],
      ['NB0921', 'N921'],
      ['NB0926', 'N926'],
      ['NB0973', 'N973'],
      ['NB1010', 'N1010'],
    ] as const
  ).map(([physicalFilter, band]) => ({ physicalFilter, band })),
};
