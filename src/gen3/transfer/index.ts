export * from './export-model.js';
export { ExportFormatError, UniverseMigrationError } from './errors.js';
export { exportTimeFromTaiNs, exportTimeFromUtcTimestamp, exportTimeToTaiNs } from './export-time.js';
export { CURRENT_FORMAT, checkFormatVersion, type FormatVersion } from './export-version.js';
export { LEGACY_DATASET_ID_NAMESPACE, legacyDatasetIdToUuid, uuid3 } from './legacy-dataset-id.js';
export { parseExport } from './parse-export.js';
export {
  TARGET_UNIVERSE_VERSION,
  migrateDimensionRecords,
  pendingUniverseMigrations,
  type UniverseMigrationOptions,
  type UniverseMigrationResult,
} from './universe-migrations.js';
export { writeExport } from './write-export.js';
