export * from './postgres-config.js';
export * from './postgres-dialect.js';
export * from './postgres-database.js';
