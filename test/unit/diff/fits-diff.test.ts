import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFits, diffFitsFiles, diffFitsHeaders } from '../../../src/diff/fits-diff.js';
import { PARITY_FITS_OPTIONS } from '../../../src/diff/fits-diff-options.js';
import { FileAccessError } from '../../../src/errors.js';
import { FitsError } from '../../../src/fits/errors.js';
import { compressImage } from '../../../src/fits/compression/compress.js';
import { readFits, readFitsHeadersSync, writeFitsFile } from '../../../src/fits/fits-file.js';
import { FitsImage } from '../../../src/fits/image.js';
import { fixture, describeFixtures } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { fitsOf, header, image } from './fits-builders.js';

const pixels = Float32Array.from({ length: 20 }, (_, i) => i / 3);
const primary = image(undefined, [], [['OBJECT', 'M31']]);
const sci = (name = 'SCI', data = pixels) => image(data, [5, 4], [['EXTNAME', name]]);
const dq = (name = 'DQ') => image(new Int16Array(20), [5, 4], [['EXTNAME', name]]);

describe('diffFits', () => {
  it('is identical for the same HDUs', () => {
    const diff = diffFits(fitsOf([primary, sci(), dq()]), fitsOf([primary, sci(), dq()]));
    expect(diff.identical).toBe(true);
    expect(diff.summary).toBe('identical (3 HDUs)');
    expect(diff.hdus.map((h) => h.name)).toEqual(['PRIMARY', 'SCI', 'DQ']);
  });

  it('reports an extra HDU as different HDU counts, and compares the common ones', () => {
    const diff = diffFits(fitsOf([primary, sci()]), fitsOf([primary, sci(), dq()]));
    expect(diff.identical).toBe(false);
    expect(diff.hduCounts).toEqual({ a: 2, b: 3 });
    expect(diff.hdus.every((h) => h.identical)).toBe(true);
    expect(diff.summary).toBe('HDU counts 2 vs 3');
  });

  it('ignoring the extra HDU still counts it like astropy, but not under the parity rules', () => {
    const a = fitsOf([primary, sci()]);
    const b = fitsOf([primary, sci(), dq('EXTRA')]);
    expect(diffFits(a, b, { ignoreHdus: ['EXTRA'] }).identical).toBe(false);
    const parity = diffFits(a, b, { ...PARITY_FITS_OPTIONS, ignoreHdus: ['EXTRA'] });
    expect(parity.identical).toBe(true);
    expect(parity.ignoredHdus).toEqual({ a: [], b: ['EXTRA'] });
  });

  it('reports an EXTNAME mismatch', () => {
    const diff = diffFits(fitsOf([primary, sci('SCI')]), fitsOf([primary, sci('IMAGE')]));
    const hdu = diff.hdus[1];
    expect(hdu?.extnames).toEqual({ a: 'SCI', b: 'IMAGE' });
    expect(hdu?.header.values.map((v) => v.keyword)).toEqual(['EXTNAME']);
    expect(diff.summary).toBe('HDU 1 (SCI): names "SCI" vs "IMAGE"; values differ: EXTNAME');
  });

  it('ignores differing HDUs by name pattern', () => {
    const changed = pixels.map((v) => v + 1);
    expect(diffFits(fitsOf([primary, sci()]), fitsOf([primary, sci('SCI', changed)]), { ignoreHdus: ['S*'] }).identical).toBe(true);
  });

  it('compareData off compares the HDU structure and headers only (the harness\'s header comparator)', () => {
    const moved = pixels.map((v, i) => (i === 7 ? v + 0.5 : v));
    const pixelsOnly = diffFits(fitsOf([primary, sci()]), fitsOf([primary, sci('SCI', moved)]), { compareData: false });
    expect(pixelsOnly.identical).toBe(true);
    expect(pixelsOnly.hdus.map((h) => h.data)).toEqual([undefined, undefined]);
    const renamed = diffFits(fitsOf([primary, sci()]), fitsOf([primary, sci('IMAGE', moved)]), { compareData: false });
    expect(renamed.identical).toBe(false);
    expect(renamed.hdus[1]).toMatchObject({ extnames: { a: 'SCI', b: 'IMAGE' } });
    expect(renamed.hdus[1]?.data).toBeUndefined();
  });

  it('compares only headers when the files are read without their data, as with compareData off', async () => {
    const dir = tmpDir();
    const moved = pixels.map((v, i) => (i === 7 ? v + 0.5 : v));
    const squeezed = (name: string, gain: number) =>
      compressImage(new FitsImage(-32, [5, 4], moved), { algorithm: 'GZIP_2', header: header([['EXTNAME', name], ['GAIN', gain]]) });
    const a = path.join(dir, 'headers-a.fits');
    const b = path.join(dir, 'headers-b.fits.gz');
    await writeFitsFile(a, [primary, sci(), squeezed('COMP', 1.5), dq()]);
    await writeFitsFile(b, [image(undefined, [], [['OBJECT', 'M33']]), sci('SCI', moved), squeezed('COMP', 1.6), dq()], { gzip: true });
    const full = diffFits(await readFits(a), await readFits(b), { ...PARITY_FITS_OPTIONS, compareData: false });
    for (const headersOnly of [diffFitsHeaders(readFitsHeadersSync(a), readFitsHeadersSync(b), PARITY_FITS_OPTIONS), await diffFitsFiles(a, b, { ...PARITY_FITS_OPTIONS, compareData: false })]) {
      expect(headersOnly).toEqual({ ...full, a, b });
      expect(headersOnly.hdus.map((h) => h.header.values.map((v) => v.keyword))).toEqual([['OBJECT'], [], ['GAIN'], []]);
      expect(headersOnly.hdus.every((h) => h.data === undefined)).toBe(true);
    }
  });

  it('compares images with the tolerance and describes the differing HDU', () => {
    const noisy = pixels.map((v, i) => (i === 7 ? v + 0.5 : v * (1 + 1e-7)));
    const diff = diffFits(fitsOf([primary, sci()]), fitsOf([primary, sci('SCI', noisy)]), { tolerance: { rtol: 1e-5, atol: 0 } });
    expect(diff.hdus[1]?.data).toMatchObject({ kind: 'image', differingPixels: 1 });
    expect(diff.summary).toMatch(/^HDU 1 \(SCI\): 1 of 20 pixels differ \(5\.00%\)/);
  });

  it('compares MP_ masks by plane name under the parity rules, as plain images otherwise', () => {
    const maskA = image(new Int32Array([1, 2, 0, 3]), [2, 2], [['EXTNAME', 'MASK'], ['MP_BAD', 0], ['MP_SAT', 1]]);
    const maskB = image(new Int32Array([2, 1, 0, 3]), [2, 2], [['EXTNAME', 'MASK'], ['MP_BAD', 1], ['MP_SAT', 0]]);
    const a = fitsOf([primary, maskA]);
    const b = fitsOf([primary, maskB]);
    expect(diffFits(a, b, PARITY_FITS_OPTIONS).identical).toBe(true);
    expect(diffFits(a, b, PARITY_FITS_OPTIONS).hdus[1]?.data?.kind).toBe('mask');
    const plain = diffFits(a, b);
    expect(plain.hdus[1]?.data).toMatchObject({ kind: 'image', differingPixels: 2 });
  });

  it('reads gzip-compressed and plain files alike', async () => {
    const dir = tmpDir();
    const plain = path.join(dir, 'a.fits');
    const gz = path.join(dir, 'a.fits.gz');
    await writeFitsFile(plain, [primary, sci()]);
    await writeFitsFile(gz, [primary, sci()], { gzip: true });
    const diff = await diffFitsFiles(gz, plain);
    expect(diff.identical).toBe(true);
    expect(diff.a).toBe(gz);
  });

  it('raises the typed errors naming the file for a missing or garbage file', async () => {
    const dir = tmpDir();
    const good = path.join(dir, 'good.fits');
    const garbage = path.join(dir, 'garbage.fits');
    await writeFitsFile(good, [primary]);
    writeFileSync(garbage, 'this is not FITS at all'.repeat(200));
    await expect(diffFitsFiles(good, path.join(dir, 'missing.fits'))).rejects.toThrow(FileAccessError);
    await expect(diffFitsFiles(garbage, good)).rejects.toThrow(FitsError);
    await expect(diffFitsFiles(garbage, good)).rejects.toThrow(garbage);
  });
});

describeFixtures('diffFits on a real afw exposure', () => {
  const calexp = () => fixture('obs_test', 'data', 'calexpMetadataObjectsTest', 'example-calexp.fits.gz');

  it('finds a calexp (image, mask, variance, archive tables) identical to itself under both rule sets', async () => {
    const file = await readFits(calexp());
    for (const options of [{}, PARITY_FITS_OPTIONS]) {
      const diff = diffFits(file, await readFits(calexp()), options);
      expect(diff.identical).toBe(true);
      expect(diff.hdus).toHaveLength(12);
    }
    const kinds = diffFits(file, file, PARITY_FITS_OPTIONS).hdus.map((h) => h.data?.kind);
    expect(kinds.slice(1, 5)).toEqual(['image', 'mask', 'image', 'table']);
  });
});
