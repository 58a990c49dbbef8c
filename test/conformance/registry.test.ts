// Runs the registry conformance suite on every backend (SQLite memory, SQLite file, PostgreSQL).
import { afterAll, describe } from 'vitest';
import { PG_REQUIRED } from '../helpers/postgres.js';
import { registryBackends } from './registry-backends.js';
import { defineRegistryBulkTests } from './registry-bulk-suite.js';
import { defineRegistryTests } from './registry-suite.js';

for (const backend of registryBackends()) {
  const run = backend.unavailable && !PG_REQUIRED ? describe.skip : describe;
  run(backend.name, () => {
    afterAll(() => backend.cleanup());
    defineRegistryTests(backend.name, () => backend.open());
    defineRegistryBulkTests(backend.name, () => backend.open());
  });
}
