/** The conversion engine's public API: converter declarations, data-ID translation, naming and planning. */
export * from './converter.js';
export * from './gen2-keys.js';
export * from './filter-map.js';
export * from './storage-classes.js';
export * from './formatters.js';
export * from './collection-names.js';
export * from './conversion-config.js';
export * from './special-datasets.js';
export * from './multi-extension.js';
export * from './instrument-records.js';
export * from './errors.js';
export * from './translate/index.js';
export * from './dataset-patterns.js';
export * from './plan/index.js';
