export { verifyConversion, type VerifyOptions } from './verify-conversion.js';
export type { VerifyCalibrationCounts, VerifyDatasetCounts, VerifyMismatch, VerifyMismatchKind, VerifyReport } from './verify-report.js';
export { sameFile, type SameFileResult } from './same-file.js';
