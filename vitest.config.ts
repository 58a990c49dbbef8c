import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // PostgreSQL server + Python interop venv for all tests (test/README.md).
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
  },
});
