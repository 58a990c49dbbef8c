import { describe, expect, it } from 'vitest';
import { diffFits } from '../../../src/diff/fits-diff.js';
import { renderDiffJson } from '../../../src/report/diff-json.js';
import { renderFitsDiffText } from '../../../src/report/fits-diff-text.js';
import { formatPythonFloat } from '../../../src/report/python-format.js';
import { fitsOf, image } from './fits-builders.js';

describe('renderFitsDiffText', () => {
  const pixels = Float32Array.from([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);

  it('says "No differences found." for identical files', () => {
    const file = fitsOf([image(pixels, [3, 2])], 'a.fits');
    expect(renderFitsDiffText(diffFits(file, file))).toMatchInlineSnapshot(`
      "
       gen2to3 fitsdiff
       a: a.fits
       b: a.fits
       Maximum number of different data values to be reported: 10
       Relative tolerance: 0.0, Absolute tolerance: 0.0

      No differences found.
      "
    `);
  });

  it('reports header and data differences the way astropy fitsdiff does', () => {
    const changed = pixels.slice();
    changed[4] = Number.NaN;
    changed[1] = 1.25;
    const a = fitsOf([image(undefined, [], [['OBJECT', 'M31']]), image(pixels, [3, 2], [['EXTNAME', 'SCI'], ['GAIN', 1.5, 'e/ADU']])], 'a.fits');
    const b = fitsOf([image(undefined, [], [['OBJECT', 'M31'], ['FILTER', 'r']]), image(changed, [3, 2], [['EXTNAME', 'SCI'], ['GAIN', 1.75, 'e/ADU']])], 'b.fits');
    expect(renderFitsDiffText(diffFits(a, b, { ignoreKeywords: ['DATE*'] }))).toMatchInlineSnapshot(`
      "
       gen2to3 fitsdiff
       a: a.fits
       b: b.fits
       Keyword(s) not to be compared:
        DATE*
       Maximum number of different data values to be reported: 10
       Relative tolerance: 0.0, Absolute tolerance: 0.0

      Primary HDU:

         Headers contain differences:
           Headers have different number of cards:
            a: 5
            b: 6
           Extra keyword 'FILTER' in b: 'r'

      Extension HDU 1 (SCI, 1):

         Headers contain differences:
           Keyword GAIN     has different values:
              a> 1.5
              b> 1.75

         Data contains differences:
           Data differs at [2, 1]:
              a> 1.5
              b> 1.25
           Data differs at [2, 2]:
              a> 4.5
              b> nan
           2 different pixels found (33.33% different).
           1 of them differ in NaN/inf.
           Maximum relative difference: 0.2
           Maximum absolute difference: 0.25
           Mean absolute difference: 0.05
           Median absolute difference: 0.0
      "
    `);
  });

  it('serialises non-finite numbers and bigints in JSON', () => {
    expect(JSON.parse(renderDiffJson({ a: Number.NaN, b: -Infinity, c: 12n, d: 1.5 }))).toEqual({ a: 'NaN', b: '-Infinity', c: '12', d: 1.5 });
  });

  it('formats floats as Python prints them', () => {
    expect([1, 0.1, 1e-5, 1.5e20, 123456.789, -0.25].map((x) => formatPythonFloat(x))).toEqual(['1.0', '0.1', '1e-05', '1.5e+20', '123456.789', '-0.25']);
    expect(formatPythonFloat(Math.fround(0.1), true)).toBe('0.1');
    expect(formatPythonFloat(Math.fround(0.1))).toBe('0.10000000149011612');
  });
});
