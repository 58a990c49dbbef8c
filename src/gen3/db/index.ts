export * from './dialect.js';
export * from './database.js';
export * from './knex-database.js';
export * from './knex-log.js';
export * from './open-database.js';
export * from './bulk-engine.js';
export * from './metadata-cache.js';
