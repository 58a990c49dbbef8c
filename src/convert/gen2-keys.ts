/**
 * The Gen2 data-ID keys that name a detector, an exposure and a visit for one instrument
 * (obs_base `addGenericInstrumentRules(detectorKey, exposureKey)`): HSC/CFHT `ccd`/`visit`, DECam
 * `ccdnum`/`visit`, obs_lsst `detector`/`expId`.
 */
export interface Gen2KeyNames {
  /** Key holding the detector number. Default is `ccd`. */
  readonly detector: string;
  /** Key holding the exposure number of a raw. Default is `visit`. */
  readonly exposure: string;
  /** Key holding the visit number of processed data. Always `visit` in the reference. */
  readonly visit: string;
}

/** The reference defaults: `ccd`, `visit`, `visit`. */
export const DEFAULT_GEN2_KEYS: Gen2KeyNames = Object.freeze({ detector: 'ccd', exposure: 'visit', visit: 'visit' });
