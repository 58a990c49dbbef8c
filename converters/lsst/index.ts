import type { Converter, InstrumentDeclaration } from '../../src/convert/converter.js';
import type { FilterMap } from '../../src/convert/filter-map.js';
import type { Gen2KeyNames } from '../../src/convert/gen2-keys.js';
import { genericInstrumentRules } from '../../src/convert/translate/index.js';
import { idRange } from '../shared/detector-names.js';
import { LATISS_FILTERS, LSST_BROADBAND_FILTERS } from './lsst-filters.js';

/** obs_lsst keys: raws by `expId`, detectors by `detector`; `dayObs`/`seqNum` are ignored (the exposure id encodes them). */
const LSST_KEYS: Gen2KeyNames = { detector: 'detector', exposure: 'expId', visit: 'visit' };

function lsstInstrument(mapper: string, instrument: string, className: string, detectors: number[], filters: FilterMap = LSST_BROADBAND_FILTERS): InstrumentDeclaration {
  return {
    mapperClasses: [mapper],
    instrument,
    instrumentClass: `lsst.obs.lsst.${className}`,
    keys: LSST_KEYS,
    rules: genericInstrumentRules({ keys: LSST_KEYS }),
    filters,
    detectors: { ids: detectors },
    rawFormatter: `lsst.obs.lsst.rawFormatter.${className}RawFormatter`,
    config: { ccdKey: 'detector' },
  };
}

/** The obs_lsst family: one Gen3 instrument per Gen2 mapper. */
export const lsstConverter: Converter = {
  family: 'lsst',
  instruments: [
    {
      ...lsstInstrument('LatissMapper', 'LATISS', 'Latiss', [0], LATISS_FILTERS),
      // As registered by the reference conversion of obs_lsst data/input/latiss.
      detectors: { ids: [0], names: { 0: 'RXX_S00' } },
      limits: { visitMax: 6050123199999, exposureMax: 6050123199999, detectorMax: 0 },
    },
    lsstInstrument('LsstCamMapper', 'LSSTCam', 'LsstCam', idRange(0, 204)),
    lsstInstrument('LsstComCamMapper', 'LSSTComCam', 'LsstComCam', idRange(0, 8)),
    lsstInstrument('ImsimMapper', 'LSSTCam-imSim', 'LsstCamImSim', idRange(0, 188)),
    lsstInstrument('PhosimMapper', 'LSSTCam-PhoSim', 'LsstCamPhoSim', idRange(0, 188)),
    lsstInstrument('Ts3Mapper', 'LSST-TS3', 'LsstTS3', [0]),
    lsstInstrument('Ts8Mapper', 'LSST-TS8', 'LsstTS8', idRange(0, 8)),
    lsstInstrument('UcdMapper', 'LSST-UCDCam', 'LsstUCDCam', idRange(0, 2)),
  ],
};
