import type { Converter } from '../../src/convert/converter.js';
import type { Gen2KeyNames } from '../../src/convert/gen2-keys.js';
import { genericInstrumentRules, rule } from '../../src/convert/translate/index.js';
import { consecutiveDetectorNames, idRange } from '../shared/detector-names.js';
import { DECAM_FILTERS } from './decam-filters.js';

const DECAM_KEYS: Gen2KeyNames = { detector: 'ccdnum', exposure: 'visit', visit: 'visit' };

/** DECam detector names by `ccdnum` (the reference's `detector` records, testdata_decam). */
const DECAM_DETECTOR_NAMES = consecutiveDetectorNames(
  'S29 S30 S31 S25 S26 S27 S28 S20 S21 S22 S23 S24 S14 S15 S16 S17 S18 S19 S8 S9 S10 S11 S12 S13 S1 S2 S3 S4 S5 S6 S7 ' +
    'N1 N2 N3 N4 N5 N6 N7 N8 N9 N10 N11 N12 N13 N14 N15 N16 N17 N18 N19 N20 N21 N22 N23 N24 N25 N26 N27 N28 N29 N30 N31',
  1,
);

const CP_FORMATTER = 'lsst.obs.decam.rawFormatter.DarkEnergyCameraCPCalibFormatter';

/** Dark Energy Camera (obs_decam). */
export const decamConverter: Converter = {
  family: 'decam',
  instruments: [
    {
      mapperClasses: ['DecamMapper'],
      instrument: 'DECam',
      instrumentClass: 'lsst.obs.decam.DarkEnergyCamera',
      keys: DECAM_KEYS,
      rules: [
        ...genericInstrumentRules({ keys: DECAM_KEYS, calibFilterType: 'band' }),
        // obs_decam: CP flats are indexed by band in Gen2 but need a physical_filter in Gen3.
        rule('filter→physical_filter (cpFlat, DECam band→physical)', ['filter'], { kind: 'copy', gen2Key: 'filter', dimension: 'physical_filter', type: 'string', filterMap: 'band-to-physical' }, { datasetTypes: ['cpFlat'] }),
      ],
      filters: DECAM_FILTERS,
      detectors: { ids: idRange(1, 62), names: DECAM_DETECTOR_NAMES },
      rawFormatter: 'lsst.obs.decam.rawFormatter.DarkEnergyCameraRawFormatter',
      limits: { visitMax: 33554432, exposureMax: 33554432, detectorMax: 100 },
      config: {
        ccdKey: 'ccdnum',
        storageClasses: { cpBias: 'ExposureF', cpFlat: 'ExposureF', cpIllumcor: 'ExposureF', fringe: 'ExposureF' },
        formatterClasses: { cpBias: CP_FORMATTER, cpFlat: CP_FORMATTER },
      },
      multiExtension: [
        { datasetTypes: ['cpBias', 'cpFlat'], detectorKey: 'ccdnum', detectorSource: 'header', headerKeyword: 'CCDNUM' },
        { datasetTypes: ['raw'], detectorKey: 'ccdnum', detectorSource: 'registry', hduKey: 'hdu' },
      ],
    },
  ],
};
