export * from './field-spec.js';
export * from './table-spec.js';
export * from './naming.js';
export * from './blake2b.js';
export * from './name-shrinker.js';
export * from './physical-table.js';
