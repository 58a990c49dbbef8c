/** Read-only, schema-agnostic Gen2 sqlite registry reader (gen2-format §2). */
export { Gen2Registry } from './gen2-registry.js';
export type { Gen2RegistryOptions, Gen2ValidityColumns } from './gen2-registry.js';
export { CALIB_SHAPE_COLUMNS } from './registry-types.js';
export type {
  CalibShapeColumn,
  Gen2CalibTableInfo,
  Gen2ColumnInfo,
  Gen2DistinctQuery,
  Gen2RegistryValue,
  Gen2Row,
  Gen2TableInfo,
  ValidityGroup,
  ValidityInvalidRange,
  ValidityPair,
  ValidityReport,
} from './registry-types.js';
export { computeValidityReport, parseGen2Time } from './validity-report.js';
export type { ValidityRow } from './validity-report.js';
export { sqliteHeaderProblem } from './sqlite-header.js';
