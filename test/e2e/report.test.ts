import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { sampleResults } from '../unit/results/sample-results.js';

beforeAll(() => ensureBuilt());

describe('gen2to3 report (built CLI)', () => {
  const dir = tmpDir();
  const results = path.join(dir, 'results.json');
  writeFileSync(results, JSON.stringify(sampleResults()));

  it('prints Markdown by default', () => {
    const r = runCli(['report', results]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# Gen2 ↔ Gen3 parity: sample — ❌ fail\n/);
  });

  it('writes each format to --out (format from --format or the extension)', () => {
    for (const [args, file, start] of [
      [['--format', 'html'], 'r.html', '<!DOCTYPE html>'],
      [[], 'r.xml', '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites '],
      [['--format', 'json'], 'r.out', '{\n  "formatVersion": 1,'],
      [['--format', 'md'], 'r.txt', '# Gen2 ↔ Gen3 parity'],
    ] as const) {
      const out = path.join(dir, file);
      const r = runCli(['report', results, ...args, '--out', out]);
      expect(r.stderr, file).toBe('');
      expect(r.status, file).toBe(0);
      expect(readFileSync(out, 'utf8').startsWith(start), file).toBe(true);
    }
  });

  it('exit 2 with the file and path on bad input', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...sampleResults(), formatVersion: 3 }));
    const r = runCli(['report', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`gen2to3: error [RESULTS_FORMAT]: ${bad}: formatVersion: 3 is not supported (this gen2to3 reads major version 1)\n`);
    writeFileSync(bad, '{"formatVersion": 1,');
    expect(runCli(['report', bad]).stderr).toMatch(/^gen2to3: error \[RESULTS_FORMAT\]: .*bad\.json: not valid JSON: /);
    expect(runCli(['report', path.join(dir, 'missing.json')]).status).toBe(2);
    const fmt = runCli(['report', results, '--format', 'pdf']);
    expect(fmt.status).toBe(2);
    expect(fmt.stderr).toBe('gen2to3: error [USAGE]: --format: pdf is not one of md, html, junit, json\n');
  });
});
