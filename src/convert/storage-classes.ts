import type { DatasetMapping } from '../gen2/policy/index.js';

/** Storage classes of daf_butler 2022 `storageClasses.yaml` (the names the converter may guess). */
export const KNOWN_STORAGE_CLASSES: ReadonlySet<string> = new Set(
  (
    'int StructuredDataDict StructuredDataList TablePersistable Wcs Psf CoaddInputs VisitInfo ApCorr PhotoCalib TransmissionCurve ' +
    'ExposureSummaryStats Camera Detector Image ImageF ImageI ImageU DecoratedImage DecoratedImageU Mask MaskX MaskedImage MaskedImageF ' +
    'MaskedImageU MaskedImageI Catalog PeakCatalog Polygon SimpleCatalog SourceCatalog ObjectMaskCatalog ExposureCatalog DataFrame ' +
    'DataFrameIndex SkyMap PropertySet PropertyList IsrCalib Defects QECurve CrosstalkCalib Linearizer PhotonTransferCurveDataset ' +
    'StrayLightData BrighterFatterKernel Filter FilterLabel Exposure ExposureF ExposureI ExposureU Background FocalPlaneBackground Config ' +
    'Packages NumpyArray Thumbnail Plot MetricValue StampsBase Stamps BrightStarStamps AstropyTable AstropyQTable ExtendedPsf ' +
    'HealSparseCoverage HealSparseMap ButlerLogRecords TaskMetadata'
  ).split(' '),
);

/**
 * `ConvertRepoConfig.storageClasses` defaults: keys are dataset type names or Gen2 `python` /
 * `persistable` names.
 */
export const DEFAULT_STORAGE_CLASS_OVERRIDES: Readonly<Record<string, string>> = Object.freeze({
  bias: 'ExposureF',
  dark: 'ExposureF',
  flat: 'ExposureF',
  defects: 'Defects',
  crosstalk: 'CrosstalkCalib',
  BaseSkyMap: 'SkyMap',
  BaseCatalog: 'Catalog',
  BackgroundList: 'Background',
  raw: 'Exposure',
  MultilevelParquetTable: 'DataFrame',
  ParquetTable: 'DataFrame',
  SkyWcs: 'Wcs',
});

/** The storage class chosen for a Gen2 dataset type, or why there is none. */
export type StorageClassChoice = { readonly storageClass: string; readonly via: string } | { readonly storageClass: undefined; readonly reason: string };

/**
 * The reference lookup (obs_base `RepoConverter._guessStorageClass`): `overrides[name]` →
 * `overrides[python]` → `overrides[persistable]` → `overrides[unqualified python]` → a known
 * storage class named like `persistable` → one named like the unqualified python class.
 */
export function chooseStorageClass(mapping: Pick<DatasetMapping, 'name' | 'python' | 'persistable'>, overrides: Readonly<Record<string, string>>): StorageClassChoice {
  const unqualified = mapping.python?.split('.').pop();
  const candidates: [string | undefined, string][] = [
    [mapping.name, 'dataset type name'],
    [mapping.python, 'python type'],
    [mapping.persistable, 'persistable'],
    [unqualified, 'python class'],
  ];
  for (const [key, via] of candidates) {
    if (key !== undefined && Object.hasOwn(overrides, key)) return { storageClass: overrides[key]!, via: `config (${via})` };
  }
  if (mapping.persistable !== undefined && KNOWN_STORAGE_CLASSES.has(mapping.persistable)) return { storageClass: mapping.persistable, via: 'persistable' };
  if (unqualified !== undefined && KNOWN_STORAGE_CLASSES.has(unqualified)) return { storageClass: unqualified, via: 'python class' };
  return { storageClass: undefined, reason: `no storage class found for ${mapping.name}` };
}
