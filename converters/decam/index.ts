import type { Converter } from '../../src/convert/converter.js';

/** Dark Energy Camera (obs_decam). */
export const decamConverter: Converter = {
  family: 'decam',
  instruments: [{ mapperClasses: ['DecamMapper'], instrument: 'DECam', instrumentClass: 'lsst.obs.decam.DarkEnergyCamera' }],
};
