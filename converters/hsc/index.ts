import type { Converter } from '../../src/convert/converter.js';

/** Hyper Suprime-Cam (obs_subaru). */
export const hscConverter: Converter = {
  family: 'hsc',
  instruments: [{ mapperClasses: ['HscMapper'], instrument: 'HSC', instrumentClass: 'lsst.obs.subaru.HyperSuprimeCam' }],
};
