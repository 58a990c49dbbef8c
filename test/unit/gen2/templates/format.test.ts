import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../../src/gen2/errors.js';
import { Gen2Template } from '../../../../src/gen2/templates/index.js';
import { PYTHON_FORMAT_ORACLE } from './python-format-oracle.js';

describe('Gen2Template.format matches Python % formatting', () => {
  // Prefixed with "p" so that an empty field does not make an empty path.
  it.each(PYTHON_FORMAT_ORACLE.map(([spec, value, expected]) => ({ spec, value, expected })))(
    '$spec % {x: $value} -> $expected',
    ({ spec, value, expected }) => {
      const template = Gen2Template.parse(`p${spec}`);
      if (expected === null) expect(() => template.format({ x: value })).toThrow(TemplateError);
      else expect(template.format({ x: value })).toBe(`p${expected}`);
    },
  );

  it.each([
    ['%(visit)07d', { visit: 5 }, '0000005'],
    ['%(ccd)03d', { ccd: 51 }, '051'],
    ['%(expId)013d', { expId: 30211212000310 }, '30211212000310'],
    ['%(expId)013d', { expId: 3019031900001 }, '3019031900001'],
    ['%(expId)08d', { expId: 204595 }, '00204595'],
    ['%(filter)s', { filter: 'HSC-R' }, 'HSC-R'],
    ['%(seqNum)04d', { seqNum: 65 }, '0065'],
    ['%(calibDate)s', { calibDate: '2013-01-31T00:00:00' }, '2013-01-31T00:00:00'],
    ['%(patch)s', { patch: '5,4' }, '5,4'],
    ['%(tract)d', { tract: 9813 }, '9813'],
    ['%(tract)s', { tract: 9813 }, '9813'],
    ['%(x)x', { x: 48879 }, 'beef'],
    ['%(x).3f', { x: 2.0005 }, '2.001'],
    ['%(x).3f', { x: 2.0015 }, '2.002'],
    ['100%%/%(x)s', { x: 'a' }, '100%/a'],
  ])('%s with %o gives %s', (text, dataId, expected) => {
    expect(Gen2Template.parse(text).format(dataId)).toBe(expected);
  });

  it('formats the HSC raw template', () => {
    const raw = Gen2Template.parse('%(field)s/%(dateObs)s/%(pointing)05d/%(filter)s/HSC-%(visit)07d-%(ccd)03d.fits');
    expect(raw.format({ field: 'SSP_WIDE', dateObs: '2015-07-15', pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 })).toBe(
      'SSP_WIDE/2015-07-15/01291/HSC-R/HSC-0034648-051.fits',
    );
  });

  it('ignores data ID keys the template does not use', () => {
    expect(Gen2Template.parse('v%(visit)d').format({ visit: 1, ccd: 2, filter: 'g' })).toBe('v1');
  });

  it('names the template and the missing key', () => {
    const t = Gen2Template.parse('%(pointing)05d/%(filter)s');
    expect(() => t.format({ pointing: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[TemplateError: template "%(pointing)05d/%(filter)s": data ID {pointing=1} has no key filter]`,
    );
  });

  it('rejects %d of a numeric string, as Python does', () => {
    const t = Gen2Template.parse('HSC-%(visit)07d.fits');
    expect(() => t.format({ visit: '34648' })).toThrowErrorMatchingInlineSnapshot(
      `[TemplateError: template "HSC-%(visit)07d.fits": cannot format visit="34648" with %(visit)07d: %d format: a real number is required, not str]`,
    );
  });

  it('rejects a value that makes the path absolute or escape the root', () => {
    const t = Gen2Template.parse('%(filter)s/x.fits');
    expect(() => t.format({ filter: '/etc' })).toThrow(/formats to "\/etc\/x.fits", an absolute path/);
    expect(() => t.format({ filter: '..' })).toThrow(/escapes the repository root/);
    expect(() => Gen2Template.parse('a/%(f)s/x').format({ f: '../..' })).toThrow(/escapes the repository root/);
    expect(Gen2Template.parse('a/%(f)s/x').format({ f: '..' })).toBe('a/../x');
    expect(() => Gen2Template.parse('%(f)s').format({ f: '' })).toThrow(/an empty path/);
  });

  it('keeps format errors typed with the template text', () => {
    try {
      Gen2Template.parse('%(x)c').format({ x: 'ab' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateError);
      expect((err as TemplateError).template).toBe('%(x)c');
      expect((err as TemplateError).code).toBe('GEN2_TEMPLATE');
    }
  });
});

describe('Gen2Template.formatWithHdu', () => {
  it('resolves an HDU key from the data ID', () => {
    const t = Gen2Template.parse('%(date)s/%(filter)s/decam%(visit)07d.fits.fz[%(hdu)d]');
    expect(t.formatWithHdu({ date: '2015-02-24', filter: 'g', visit: 413635, hdu: 3 })).toEqual({
      path: '2015-02-24/g/decam0413635.fits.fz',
      hdu: 3,
    });
  });

  it('returns a literal HDU, or undefined without a suffix', () => {
    expect(Gen2Template.parse('raw/%(dayObs)s/%(expId)013d-det%(detector)03d.fits[0]').formatWithHdu({ dayObs: '2018-09-20', expId: 3018092000065, detector: 0 })).toEqual({
      path: 'raw/2018-09-20/3018092000065-det000.fits',
      hdu: 0,
    });
    expect(Gen2Template.parse('a/%(x)d.fits').formatWithHdu({ x: 1 })).toEqual({ path: 'a/1.fits', hdu: undefined });
  });

  it('needs the HDU key and a number for it', () => {
    const t = Gen2Template.parse('cpBIAS/%(calibDate)s/BIAS-%(calibDate)s.fits[%(ccdnum)d]');
    expect(t.format({ calibDate: '2015-01-01' })).toBe('cpBIAS/2015-01-01/BIAS-2015-01-01.fits');
    expect(() => t.formatWithHdu({ calibDate: '2015-01-01' })).toThrow(/has no key ccdnum/);
    expect(() => t.formatWithHdu({ calibDate: '2015-01-01', ccdnum: '5' })).toThrow(/HDU key ccdnum="5" is not a number/);
  });
});
