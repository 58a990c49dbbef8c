import type { Converter } from '../../src/convert/converter.js';
import { DEFAULT_GEN2_KEYS } from '../../src/convert/gen2-keys.js';
import { genericInstrumentRules, rule } from '../../src/convert/translate/index.js';
import { consecutiveDetectorNames, idRange } from '../shared/detector-names.js';
import { HSC_FILTERS } from './hsc-filters.js';

/** HSC detector full names by id (the `detector` records of the reference conversion, testdata_jointcal). */
const HSC_DETECTOR_NAMES = consecutiveDetectorNames('1_53 1_54 1_55 1_56 1_42 1_43 1_44 1_45 1_46 1_47 1_36 1_37 1_38 1_39 1_40 1_41 0_30 0_29 0_28 1_32 1_33 1_34 0_27 0_26 0_25 0_24 1_00 1_01 1_02 1_03 0_23 0_22 0_21 0_20 1_04 1_05 1_06 1_07 0_19 0_18 0_17 0_16 1_08 1_09 1_10 1_11 0_15 0_14 0_13 0_12 1_12 1_13 1_14 1_15 0_11 0_10 0_09 0_08 1_16 1_17 1_18 1_19 0_07 0_06 0_05 0_04 1_20 1_21 1_22 1_23 0_03 0_02 0_01 0_00 1_24 1_25 1_26 1_27 0_34 0_33 0_32 1_28 1_29 1_30 0_41 0_40 0_39 0_38 0_37 0_36 0_47 0_46 0_45 0_44 0_43 0_42 0_56 0_55 0_54 0_53 0_31 1_35 0_35 1_31 1_48 1_51 1_52 1_57 0_57 0_52 0_51 0_48');

/** Hyper Suprime-Cam (obs_subaru). */
export const hscConverter: Converter = {
  family: 'hsc',
  instruments: [
    {
      mapperClasses: ['HscMapper'],
      instrument: 'HSC',
      instrumentClass: 'lsst.obs.subaru.HyperSuprimeCam',
      keys: DEFAULT_GEN2_KEYS,
      rules: [
        ...genericInstrumentRules({ keys: DEFAULT_GEN2_KEYS }),
        // obs_subaru: instrument-scoped, so it beats the generic verbatim filter+tract → band rule.
        rule('filter+tract→band (HSC physical→band)', ['filter', 'tract'], { kind: 'copy', gen2Key: 'filter', dimension: 'band', type: 'string', filterMap: 'physical-to-band' }, { consume: ['filter'] }),
      ],
      filters: HSC_FILTERS,
      detectors: { ids: idRange(0, 111), names: HSC_DETECTOR_NAMES },
      rawFormatter: 'lsst.obs.subaru.rawFormatter.HyperSuprimeCamRawFormatter',
      limits: { visitMax: 21474800, exposureMax: 21474800, detectorMax: 200 },
      config: {
        runsForced: { brightObjectMask: 'HSC/masks' },
        extraUmbrellaChildren: ['HSC/masks'],
        rootSkyMapName: 'hsc_rings_v1',
        refCats: ['ps1_pv3_3pi_20170110'],
        datasetIgnorePatterns: [
          'dcrCoadd_forced_config',
          'goodSeeingCoadd_forced_config',
          'psfMatchedCoadd_forced_config',
          'deep_assembleCoadd_metadata',
          'deep_safeClipAssembleCoadd_metadata',
          'deep_dcrAssembleCoadd_metadata',
        ],
      },
      extraCuratedCalibrations: ['bfKernel', 'transmission_optics', 'transmission_sensor', 'transmission_filter', 'transmission_atmosphere', 'yBackground'],
    },
  ],
};
