import type { Converter } from '../../src/convert/converter.js';
import { DEFAULT_GEN2_KEYS } from '../../src/convert/gen2-keys.js';
import { genericInstrumentRules } from '../../src/convert/translate/index.js';
import { idRange } from '../shared/detector-names.js';

/**
 * MegaPrime physical filters (obs_cfht `MEGAPRIME_FILTER_DEFINITIONS`). Older Gen2 registries use the
 * short names (`r` in testdata_jointcal/cfht), listed as aliases of the first generation of each filter.
 * Not verified against a reference conversion (no public converted CFHT repository).
 */
const MEGAPRIME_FILTERS = {
  definitions: (
    [
      ['u.MP9301', 'u', 'u'],
      ['u.MP9302', 'u2'],
      ['g.MP9401', 'g', 'g'],
      ['g.MP9402', 'g2'],
      ['r.MP9601', 'r', 'r'],
      ['r.MP9602', 'r2'],
      ['i.MP9701', 'i', 'i'],
      ['i.MP9702', 'i2'],
      ['i.MP9703', 'i3'],
      ['z.MP9801', 'z', 'z'],
      ['z.MP9901', 'z2'],
    ] as const
  ).map(([physicalFilter, band, alias]: readonly string[]) => ({ physicalFilter: physicalFilter!, band: band!, ...(alias ? { gen2Aliases: [alias] } : {}) })),
};

/** CFHT MegaPrime / MegaCam (obs_cfht). */
export const cfhtConverter: Converter = {
  family: 'cfht',
  instruments: [
    {
      mapperClasses: ['MegacamMapper'],
      instrument: 'MegaPrime',
      instrumentClass: 'lsst.obs.cfht.MegaPrime',
      keys: DEFAULT_GEN2_KEYS,
      rules: genericInstrumentRules({ keys: DEFAULT_GEN2_KEYS, calibFilterType: 'band' }),
      filters: MEGAPRIME_FILTERS,
      detectors: { ids: idRange(0, 39) },
      rawFormatter: 'lsst.obs.cfht.rawFormatter.MegaPrimeRawFormatter',
      // One raw file per visit, one HDU (`extension`) per CCD.
      multiExtension: [{ datasetTypes: ['raw'], detectorKey: 'ccd', detectorSource: 'registry', hduKey: 'extension' }],
    },
  ],
};
