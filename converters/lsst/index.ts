import type { Converter } from '../../src/convert/converter.js';

/** The obs_lsst family: one Gen3 instrument per Gen2 mapper. */
export const lsstConverter: Converter = {
  family: 'lsst',
  instruments: [
    { mapperClasses: ['LatissMapper'], instrument: 'LATISS', instrumentClass: 'lsst.obs.lsst.Latiss' },
    { mapperClasses: ['LsstCamMapper'], instrument: 'LSSTCam', instrumentClass: 'lsst.obs.lsst.LsstCam' },
    { mapperClasses: ['LsstComCamMapper'], instrument: 'LSSTComCam', instrumentClass: 'lsst.obs.lsst.LsstComCam' },
    { mapperClasses: ['ImsimMapper'], instrument: 'LSSTCam-imSim', instrumentClass: 'lsst.obs.lsst.LsstCamImSim' },
    { mapperClasses: ['PhosimMapper'], instrument: 'LSSTCam-PhoSim', instrumentClass: 'lsst.obs.lsst.LsstCamPhoSim' },
    { mapperClasses: ['Ts3Mapper'], instrument: 'LSST-TS3', instrumentClass: 'lsst.obs.lsst.LsstTS3' },
    { mapperClasses: ['Ts8Mapper'], instrument: 'LSST-TS8', instrumentClass: 'lsst.obs.lsst.LsstTS8' },
    { mapperClasses: ['UcdMapper'], instrument: 'LSST-UCDCam', instrumentClass: 'lsst.obs.lsst.LsstUCDCam' },
  ],
};
