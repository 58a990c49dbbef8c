import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparatorForFile, comparatorForStorageClass } from '../../../src/diff/comparator-choice.js';
import { compareFiles } from '../../../src/diff/compare-files.js';
import { parseFits, parseFitsPair, writeFits, writeFitsFile } from '../../../src/fits/fits-file.js';
import { diffFits } from '../../../src/diff/fits-diff.js';
import { PARITY_FITS_OPTIONS } from '../../../src/diff/fits-diff-options.js';
import { FileAccessError } from '../../../src/errors.js';
import { renderDatasetDiffText } from '../../../src/report/dataset-diff-text.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { binTable, image, type CardList } from './fits-builders.js';

describe('comparator choice', () => {
  it.each([
    ['ExposureF', 'fits-image'],
    ['Exposure', 'fits-image'],
    ['ImageF', 'fits-image'],
    ['DecoratedImageU', 'fits-image'],
    ['MaskX', 'fits-mask'],
    ['SourceCatalog', 'fits-catalog'],
    ['Catalog', 'fits-catalog'],
    ['Config', 'config'],
    ['PropertySet', 'structured'],
    ['PropertyList', 'structured'],
    ['StructuredDataDict', 'structured'],
    ['lsst.afw.image.ExposureF', 'fits-image'],
  ])('storage class %s → %s', (storageClass, comparator) => {
    expect(comparatorForStorageClass(storageClass)).toBe(comparator);
  });

  it('leaves unknown storage classes to the file', () => {
    expect(comparatorForStorageClass('SkyMap')).toBeUndefined();
  });

  it('recognises FITS and gzip magic, then extensions', () => {
    const none = new Uint8Array(0);
    expect(comparatorForFile('x.dat', Buffer.from('SIMPLE  =                    T'))).toBe('fits');
    expect(comparatorForFile('x.dat', Uint8Array.from([0x1f, 0x8b, 8]))).toBe('fits');
    expect(comparatorForFile('calexp.fits.gz', none)).toBe('fits');
    expect(comparatorForFile('metadata.yaml', none)).toBe('structured');
    expect(comparatorForFile('stats.json', none)).toBe('structured');
    expect(comparatorForFile('config/processCcd.py', none)).toBe('config');
    expect(comparatorForFile('log.txt', none)).toBe('text');
  });
});

describe('compareFiles', () => {
  const dir = tmpDir();
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('uses the storage class first: MaskX compares masks by plane name', async () => {
    const a = path.join(dir, 'mask-a.fits');
    const b = path.join(dir, 'mask-b.fits');
    await writeFitsFile(a, [image(new Int32Array([1, 2]), [2], [['MP_BAD', 0], ['MP_SAT', 1]])]);
    await writeFitsFile(b, [image(new Int32Array([2, 1]), [2], [['MP_BAD', 1], ['MP_SAT', 0]])]);
    const diff = await compareFiles(a, b, { storageClass: 'MaskX' });
    expect(diff.kind).toBe('fits');
    expect(diff.identical).toBe(true);
    expect(diff.kind === 'fits' && diff.hdus[0]?.data?.kind).toBe('mask');
  });

  it('applies the parity tolerance to FITS images', async () => {
    const a = path.join(dir, 'img-a.fits');
    const b = path.join(dir, 'img-b.fits');
    await writeFitsFile(a, [image(Float32Array.from([1, 2, 3]), [3], [['DATE', '2020-01-01']])]);
    await writeFitsFile(b, [image(Float32Array.from([1, 2.000001, 3]), [3], [['DATE', '2024-05-05']])]);
    expect((await compareFiles(a, b, { storageClass: 'ExposureF' })).identical).toBe(true);
    expect((await compareFiles(a, b, { fits: { tolerance: { rtol: 0, atol: 0 } } })).identical).toBe(false);
  });

  it('compares pex_config dumps, YAML and text chosen by extension', async () => {
    const config = await compareFiles(write('a.py', 'config.x=1.0\n'), write('b.py', 'config.x=2.0\n'));
    expect(config).toMatchObject({ kind: 'config', identical: false });
    expect(renderDatasetDiffText(config)).toContain('x: 1.0 != 2.0');
    const yaml = await compareFiles(write('a.yaml', 'a: {b: [1, 2]}\n'), write('b.yaml', 'a: {b: [1, 3]}\n'), { storageClass: 'PropertySet' });
    expect(yaml).toMatchObject({ kind: 'structured', identical: false });
    expect(renderDatasetDiffText(yaml)).toContain('a.b[1]: 2 != 3');
    const text = await compareFiles(write('a.log', 'x\n'), write('b.log', 'y\n'));
    expect(text).toMatchObject({ kind: 'text', identical: false, addedLines: 1, removedLines: 1 });
  });

  it('finds in files sharing HDUs what it finds comparing every HDU of two separate parses', async () => {
    // Gen2/Gen3-like outputs: different primary headers, some extensions byte-identical, some not.
    const maskCards: CardList = [['EXTTYPE', 'MASK'], ['EXTNAME', 'MASK'], ['MP_BAD', 0], ['MP_DETECTED', 5]];
    const file = (primary: CardList, science: Float32Array, mask: Int32Array, flux: number[]): Buffer =>
      writeFits([
        image(undefined, [], primary),
        image(science, [4, 2], [['EXTNAME', 'IMAGE']]),
        image(mask, [4, 2], maskCards),
        image(Float32Array.from([1, Number.NaN, 3, 4, 5, 6, 7, Number.POSITIVE_INFINITY]), [4, 2], [['EXTNAME', 'VARIANCE']]),
        binTable([{ name: 'id', tform: 'K', values: [1n, 2n, 3n] }, { name: 'base_PsfFlux_instFlux', tform: 'D', values: flux }], [['EXTNAME', 'SOURCES'], ['AFW_TYPE', 'SOURCE']]),
      ]);
    const science = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const mask = Int32Array.from([0, 1, 32, 33, 0, 0, 32, 1]);
    const cases: [Buffer, Buffer][] = [
      [file([['RERUN', 'out']], science, mask, [10, 20, 30]), file([['RUN', 'a/b'], ['DATE', 'x']], science, mask, [10, 20, 30])],
      [file([['RERUN', 'out']], science, mask, [10, 20, 30]), file([['RUN', 'a/b']], science.map((v, i) => (i === 3 ? v + 1 : v)), mask.map((v, i) => (i === 2 ? 1 : v)), [10, 20, 31])],
      [file([['RERUN', 'out']], science, mask, [10, 20, 30]), file([['RERUN', 'out']], science, mask, [10, 20, 30])],
    ];
    const [sharedA, sharedB] = parseFitsPair(cases[0]![0], 'a', cases[0]![1], 'b');
    expect(sharedB.hdus.map((hdu, i) => hdu === sharedA.hdus[i])).toEqual([false, true, true, true, true]);
    for (const [index, [bytesA, bytesB]] of cases.entries()) {
      const a = path.join(dir, `pair-${index}-a.fits`);
      const b = path.join(dir, `pair-${index}-b.fits`);
      writeFileSync(a, bytesA);
      writeFileSync(b, bytesB);
      for (const [comparator, rules] of [['fits', {}], ['fits-mask', { masks: 'all' }], ['fits-catalog', { tables: 'catalog' }]] as const) {
        const expected = diffFits(parseFits(bytesA, a), parseFits(bytesB, b), { ...PARITY_FITS_OPTIONS, ...rules });
        expect(await compareFiles(a, b, { comparator })).toEqual(expected);
      }
    }
  });

  it('names a missing file', async () => {
    await expect(compareFiles(path.join(dir, 'nope.yaml'), path.join(dir, 'a.yaml'))).rejects.toThrow(FileAccessError);
  });
});
