import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFitsFile } from '../../src/fits/fits-file.js';
import { FitsHeader } from '../../src/fits/header.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp-dir.js';

beforeAll(() => ensureBuilt());

describe('gen2to3 fitsdiff (built CLI)', () => {
  const dir = tmpDir();
  const file = (name: string): string => path.join(dir, name);
  const pixels = Float32Array.from({ length: 12 }, (_, i) => i + 0.5);
  const header = (date: string): FitsHeader => new FitsHeader().set('OBJECT', 'M31').set('DATE-OBS', date);

  beforeAll(async () => {
    await writeFitsFile(file('a.fits'), [{ kind: 'image', data: pixels, shape: [4, 3], header: header('2020-01-01') }]);
    await writeFitsFile(file('a.fits.gz'), [{ kind: 'image', data: pixels, shape: [4, 3], header: header('2020-01-01') }], { gzip: true });
    const changed = pixels.map((v, i) => (i === 5 ? v * 1.001 : v));
    await writeFitsFile(file('b.fits'), [{ kind: 'image', data: changed, shape: [4, 3], header: header('2021-06-30') }]);
    writeFileSync(file('garbage.fits'), 'not a FITS file\n'.repeat(300));
  });

  it('exits 0 and prints "No differences found." for identical files, gzip or not', () => {
    const run = runCli(['fitsdiff', file('a.fits.gz'), file('a.fits')]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('No differences found.');
  });

  it('exits 1 with an astropy-style report when the files differ', () => {
    const run = runCli(['fitsdiff', file('a.fits'), file('b.fits')]);
    expect(run.status).toBe(1);
    const report = run.stdout.replaceAll(dir, '<tmp>');
    expect(report).toMatchInlineSnapshot(`
      "
       gen2to3 fitsdiff
       a: <tmp>/a.fits
       b: <tmp>/b.fits
       Maximum number of different data values to be reported: 50
       Relative tolerance: 0.0, Absolute tolerance: 0.0

      Primary HDU:

         Headers contain differences:
           Keyword DATE-OBS has different values:
              a> 2020-01-01
              b> 2021-06-30

         Data contains differences:
           Data differs at [2, 2]:
              a> 5.5
              b> 5.5055
           1 different pixels found (8.33% different).
           Maximum relative difference: 0.0009989719267582261
           Maximum absolute difference: 0.005499839782714844
           Mean absolute difference: 0.00045831998189290363
           Median absolute difference: 0.0
      "
    `);
  });

  it('applies --rtol/--atol and --ignore-keywords with wildcards', () => {
    expect(runCli(['fitsdiff', file('a.fits'), file('b.fits'), '--rtol', '1e-2', '--ignore-keywords', 'DATE*']).status).toBe(0);
    expect(runCli(['fitsdiff', file('a.fits'), file('b.fits'), '--atol', '0.01']).status).toBe(1);
    const ignored = runCli(['fitsdiff', file('a.fits'), file('b.fits'), '--atol', '0.01', '--ignore-keywords', 'DATE-OBS,OBJECT']);
    expect(ignored.status).toBe(0);
    expect(ignored.stdout).toContain(' Keyword(s) not to be compared:\n  DATE-OBS OBJECT\n');
  });

  it('--json prints the diff value', () => {
    const run = runCli(['fitsdiff', file('a.fits'), file('b.fits'), '--json', '--report-pixel-loc-diffs', '0']);
    expect(run.status).toBe(1);
    const diff = JSON.parse(run.stdout) as { kind: string; identical: boolean; hdus: { data: { differingPixels: number; pixels: unknown[] } }[] };
    expect(diff).toMatchObject({ kind: 'fits', identical: false });
    expect(diff.hdus[0]?.data).toMatchObject({ differingPixels: 1, pixels: [] });
  });

  it('exits 2 naming the file for a missing or garbage file, and for bad options', () => {
    const missing = runCli(['fitsdiff', file('a.fits'), file('missing.fits')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('[FILE_ACCESS]');
    expect(missing.stderr).toContain(file('missing.fits'));
    const garbage = runCli(['fitsdiff', file('garbage.fits'), file('a.fits')]);
    expect(garbage.status).toBe(2);
    expect(garbage.stderr).toMatch(/\[FITS_FORMAT\].*garbage\.fits/);
    const badTolerance = runCli(['fitsdiff', file('a.fits'), file('b.fits'), '--rtol', '-1']);
    expect(badTolerance.status).toBe(2);
    expect(badTolerance.stderr).toContain('gen2to3: error [USAGE]: rtol must be a finite number >= 0, not -1');
    expect(runCli(['fitsdiff', file('a.fits')]).status).toBe(2);
  });
});
