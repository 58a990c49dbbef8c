import type { Converter } from '../../src/convert/converter.js';

/** CFHT MegaPrime / MegaCam (obs_cfht). */
export const cfhtConverter: Converter = {
  family: 'cfht',
  instruments: [{ mapperClasses: ['MegacamMapper'], instrument: 'MegaPrime', instrumentClass: 'lsst.obs.cfht.MegaPrime' }],
};
