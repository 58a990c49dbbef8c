/**
 * Gen2 files holding several datasets, one per HDU (DECam raws and Community Pipeline calibrations):
 * obs_base `MultiExtensionFileHandler`. One file becomes one dataset per detector.
 */
export interface MultiExtensionDeclaration {
  /** Dataset types stored this way. */
  readonly datasetTypes: readonly string[];
  /** Gen2 key receiving each HDU's detector (`ccdnum`). */
  readonly detectorKey: string;
  /**
   * Where detectors come from: `header` reads `headerKeyword` from HDUs 1…n-1 (the reference, for CP
   * calibrations); `registry` uses the Gen2 registry rows sharing the file (raws: `ccdnum` ↔ `hdu`).
   */
  readonly detectorSource: 'header' | 'registry';
  /** FITS keyword holding the detector number. Default `CCDNUM`. */
  readonly headerKeyword?: string;
  /** Gen2 registry column holding the HDU index (`hdu`) for `registry`. */
  readonly hduKey?: string;
}
