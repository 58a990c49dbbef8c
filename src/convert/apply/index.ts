/** Writing a conversion plan into a Gen3 repository, and the define-visits step. */
export * from './errors.js';
export * from './check-plan.js';
export * from './conversion-report.js';
export * from './dimension-data.js';
export * from './dataset-template-ref.js';
export * from './resume-marker.js';
export * from './apply-plan.js';
export * from './define-visits.js';
export * from './config-file.js';
export * from './conversion-lock.js';
export * from './write-conversion-report.js';
