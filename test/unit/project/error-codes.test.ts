import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/fixtures.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('error codes', () => {
  it('every error class declares a unique, stable UPPER_SNAKE code', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const dir of ['src', 'converters', 'ci_gen3']) {
      for (const file of sources(path.join(PROJECT_ROOT, dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/readonly code = '([^']+)'/g)) {
          const code = m[1]!;
          expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
          const where = path.relative(PROJECT_ROOT, file);
          if (seen.has(code)) duplicates.push(`${code}: ${seen.get(code)} and ${where}`);
          seen.set(code, where);
        }
      }
    }
    expect(duplicates).toEqual([]);
    expect(seen.size).toBeGreaterThan(8);
  });
});
