import type { Converter } from '../../src/convert/converter.js';
import { EMPTY_FILTER_MAP } from '../../src/convert/filter-map.js';
import { DEFAULT_GEN2_KEYS } from '../../src/convert/gen2-keys.js';
import { genericInstrumentRules } from '../../src/convert/translate/index.js';

/**
 * obs_test's TestMapper: a Gen2-only test camera with no Gen3 instrument. Data IDs without
 * instrument keys (tract/patch, pixel_id, none) still translate; the rest fail with a typed error.
 */
export const testConverter: Converter = {
  family: 'test',
  instruments: [
    {
      mapperClasses: ['TestMapper'],
      instrument: undefined,
      instrumentClass: undefined,
      keys: DEFAULT_GEN2_KEYS,
      rules: genericInstrumentRules({ keys: DEFAULT_GEN2_KEYS }),
      filters: EMPTY_FILTER_MAP,
      detectors: { ids: [0] },
    },
  ],
};
