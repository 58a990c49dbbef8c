/** Default formatter per storage class (daf_butler 2022 `datastores/formatters.yaml`, the ones gen2to3 meets). */
export const DEFAULT_FORMATTERS: Readonly<Record<string, string>> = Object.freeze({
  int: 'lsst.daf.butler.formatters.json.JsonFormatter',
  ...Object.fromEntries(
    'TablePersistable Wcs Psf CoaddInputs VisitInfo ApCorr PhotoCalib FilterLabel TransmissionCurve Camera Detector Polygon Catalog PeakCatalog SimpleCatalog SourceCatalog ExposureCatalog Defects IsrCalib QECurve CrosstalkCalib PhotonTransferCurveDataset Linearizer BrighterFatterKernel Background StampsBase Stamps BrightStarStamps ExtendedPsf'
      .split(' ')
      .map((s) => [s, 'lsst.obs.base.formatters.fitsGeneric.FitsGenericFormatter']),
  ),
  ExposureSummaryStats: 'lsst.daf.butler.formatters.yaml.YamlFormatter',
  ObjectMaskCatalog: 'lsst.pipe.tasks.objectMasks.RegionFileFormatter',
  DataFrame: 'lsst.daf.butler.formatters.parquet.ParquetFormatter',
  Image: 'lsst.obs.base.formatters.fitsExposure.FitsImageFormatter',
  ImageF: 'lsst.obs.base.formatters.fitsExposure.FitsImageFormatter',
  ImageU: 'lsst.obs.base.formatters.fitsExposure.FitsImageFormatter',
  DecoratedImageU: 'lsst.obs.base.formatters.fitsExposure.FitsExposureFormatter',
  Mask: 'lsst.obs.base.formatters.fitsExposure.FitsMaskFormatter',
  MaskX: 'lsst.obs.base.formatters.fitsExposure.FitsMaskFormatter',
  MaskedImageF: 'lsst.obs.base.formatters.fitsMaskedImage.FitsMaskedImageFormatter',
  Exposure: 'lsst.obs.base.formatters.fitsExposure.FitsExposureFormatter',
  ExposureF: 'lsst.obs.base.formatters.fitsExposure.FitsExposureFormatter',
  ExposureI: 'lsst.obs.base.formatters.fitsExposure.FitsExposureFormatter',
  SkyMap: 'lsst.daf.butler.formatters.pickle.PickleFormatter',
  FocalPlaneBackground: 'lsst.daf.butler.formatters.pickle.PickleFormatter',
  Config: 'lsst.pipe.base.formatters.pexConfig.PexConfigFormatter',
  Packages: 'lsst.daf.butler.formatters.packages.PackagesFormatter',
  PropertyList: 'lsst.daf.butler.formatters.yaml.YamlFormatter',
  PropertySet: 'lsst.daf.butler.formatters.yaml.YamlFormatter',
  NumpyArray: 'lsst.daf.butler.formatters.pickle.PickleFormatter',
  StructuredDataDict: 'lsst.daf.butler.formatters.yaml.YamlFormatter',
  Filter: 'lsst.obs.base.formatters.filter.FilterFormatter',
});

/**
 * The formatter of a dataset: `formatterClasses[datasetType]` (config, e.g. DECam CP calibs), else the
 * datastore default for its storage class; undefined when neither is known.
 */
export function chooseFormatter(datasetType: string, storageClass: string, formatterClasses: Readonly<Record<string, string>>): string | undefined {
  return Object.hasOwn(formatterClasses, datasetType) ? formatterClasses[datasetType] : DEFAULT_FORMATTERS[storageClass];
}
