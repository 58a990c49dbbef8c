export * from './sqlite-config.js';
export * from './sqlite-dialect.js';
export * from './sqlite-database.js';
export * from './sqlite-direct-reads.js';
