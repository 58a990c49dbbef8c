export * from './dimension-columns.js';
export * from './dimension-tables.js';
export * from './static-tables.js';
export * from './dataset-tables.js';
export * from './datastore-tables.js';
export * from './repository-schema.js';
