/**
 * Comparators: each computes a diff value (plain data with `identical` and `summary`) and never prints;
 * renderers live in `src/report/`. FITS files (headers, images, masks, tables, catalogs) follow astropy's
 * `FITSDiff` model; pex_config dumps, YAML/JSON and text have their own comparators; `compareFiles`
 * picks one from a storage class or the file.
 */
export type { DiffBase, Pair } from './diff-value.js';
export { CONFIG_TOLERANCE, EXACT, PARITY_TOLERANCE, isClose, toleranceProblem, type Tolerance } from './tolerance.js';
export { hasWildcard, wildcardMatcher, wildcardToRegExp } from './wildcard.js';
export { ConfigDumpError, CatalogMatchError, StructuredDataError } from './errors.js';

export { ASTROPY_FITSDIFF_OPTIONS, PARITY_FITS_OPTIONS, type FitsDiffOptions, type MaskRule, type TableRule } from './fits-diff-options.js';
export { describeHdu, diffFits, diffFitsFiles, type FitsDiff } from './fits-diff.js';
export { diffHdus, type HduDataDiff, type HduDiff } from './hdu-diff.js';
export { viewHdu, type HduData, type HduView } from './hdu-view.js';
export { PARITY_IGNORED_KEYWORD_GROUPS, PARITY_IGNORED_KEYWORDS, type IgnoredKeywordGroup } from './header-ignore-rules.js';
export {
  DEFAULT_HEADER_DIFF_OPTIONS,
  diffHeaders,
  type DuplicateCountDifference,
  type HeaderDiff,
  type HeaderDiffOptions,
  type KeywordDifference,
  type OneSidedKeyword,
} from './header-diff.js';
export {
  DEFAULT_IMAGE_DIFF_OPTIONS,
  describeShape,
  diffImages,
  diffPixels,
  type ImageDiff,
  type ImageDiffOptions,
  type NonFiniteRule,
  type PixelDifference,
  type PixelGrid,
} from './image-diff.js';
export { pixelTypeOf, pixelValuesOf, type PixelType, type PixelValues } from './pixel-values.js';
export type { DifferenceStats } from './difference-stats.js';
export { diffMasks, type MaskDiff, type MaskDiffOptions, type MaskInput, type MaskPixelDifference, type MaskPlaneDiff } from './mask-diff.js';
export { isMaskHeader, readMaskPlanes } from './mask-planes.js';
export { diffRawData, type ByteDifference, type RawDataDiff } from './raw-data-diff.js';
export { asciiTableView, binTableView, type ColumnView, type TableCell, type TableView } from './table-view.js';
export {
  DEFAULT_TABLE_DATA_DIFF_OPTIONS,
  diffTableData,
  type CellDifference,
  type ColumnAttributeDifference,
  type ColumnDefinition,
  type TableDataDiff,
  type TableDataDiffOptions,
} from './table-data-diff.js';
export { diffSchemas, readCatalogSchema, type CatalogSchema, type SchemaDiff, type SchemaField } from './catalog-schema.js';
export { angularSeparation, type RowMatchRule } from './row-matching.js';
export {
  DEFAULT_CATALOG_DIFF_OPTIONS,
  diffCatalogs,
  type CatalogDiff,
  type CatalogDiffOptions,
  type CatalogFieldComparison,
  type CatalogInput,
  type CatalogMatchSummary,
  type CatalogValueDifference,
  type MagnitudeStats,
} from './catalog-diff.js';

export { parseConfigDump, type ConfigDump, type ConfigEntry } from './config-dump.js';
export { reprPyValue, type PyDict, type PyExpression, type PySequence, type PyValue } from './python-value.js';
export { DEFAULT_CONFIG_DIFF_OPTIONS, diffConfigs, type ConfigDiff, type ConfigDiffOptions, type ConfigFieldDifference } from './config-diff.js';
export { parseStructuredData, type StructuredValue } from './structured-data.js';
export { DEFAULT_STRUCTURED_DIFF_OPTIONS, diffStructured, type StructuredDiff, type StructuredDiffOptions, type StructuredDifference } from './structured-diff.js';
export { diffText, type TextDiff, type TextDiffOptions, type TextHunk } from './text-diff.js';

export { comparatorForFile, comparatorForStorageClass, type ComparatorKind } from './comparator-choice.js';
export { compareFileBytes, compareFiles, type CompareFilesOptions, type DatasetDiff } from './compare-files.js';
