import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** The project root (where package.json lives). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function resolveFixtures(): string | undefined {
  const root = path.resolve(PROJECT_ROOT, process.env.GEN2TO3_FIXTURES ?? '../shared/fixtures');
  if (existsSync(path.join(root, 'PROVENANCE.md'))) return realpathSync(root);
  if (process.env.CI) {
    throw new Error(`real-data fixtures not found at ${root} (set GEN2TO3_FIXTURES); CI requires them`);
  }
  return undefined;
}

/** Root of the shared real-data fixtures, or undefined when absent (never undefined under CI). */
export const FIXTURES_ROOT: string | undefined = resolveFixtures();

/** Absolute path of a fixture file. Only call inside {@link describeFixtures}. */
export function fixture(...parts: string[]): string {
  if (!FIXTURES_ROOT) throw new Error('fixtures are not available');
  return path.join(FIXTURES_ROOT, ...parts);
}

/** `describe` for suites that read real fixtures: skipped when they are absent outside CI. */
export const describeFixtures = describe.skipIf(FIXTURES_ROOT === undefined);
