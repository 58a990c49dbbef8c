import type { Converter } from '../../src/convert/converter.js';
import { DEFAULT_GEN2_KEYS } from '../../src/convert/gen2-keys.js';
import { genericInstrumentRules, rule } from '../../src/convert/translate/index.js';
import { consecutiveDetectorNames, idRange } from '../shared/detector-names.js';

/** The demo instrument of this project (policy in ci_gen3/demo/policy): DEMO-G → g, DEMO-R → r, up to 8 detectors. */
export const demoConverter: Converter = {
  family: 'demo',
  instruments: [
    {
      mapperClasses: ['DemoMapper'],
      instrument: 'DemoCam',
      instrumentClass: 'gen2to3.demo.DemoCam',
      keys: DEFAULT_GEN2_KEYS,
      rules: [
        ...genericInstrumentRules({ keys: DEFAULT_GEN2_KEYS }),
        rule('filter+tract→band (DemoCam physical→band)', ['filter', 'tract'], { kind: 'copy', gen2Key: 'filter', dimension: 'band', type: 'string', filterMap: 'physical-to-band' }, { consume: ['filter'] }),
      ],
      filters: {
        definitions: [
          { physicalFilter: 'DEMO-G', band: 'g' },
          { physicalFilter: 'DEMO-R', band: 'r' },
        ],
      },
      detectors: { ids: idRange(0, 7), names: consecutiveDetectorNames('C00 C01 C10 C11 C20 C21 C30 C31') },
      rawFormatter: 'lsst.obs.base.formatters.fitsExposure.FitsExposureFormatter',
      config: { rootSkyMapName: 'demo', runs: {} },
    },
  ],
};
