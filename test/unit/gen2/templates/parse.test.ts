import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../../src/gen2/errors.js';
import { Gen2Template, tokenizeTemplate } from '../../../../src/gen2/templates/index.js';

describe('Gen2Template.parse', () => {
  it('collects keys with their types in order, the HDU key included', () => {
    const t = Gen2Template.parse('%(date)s/%(filter)s/decam%(visit)07d.fits.fz[%(hdu)d]');
    expect(t.text).toBe('%(date)s/%(filter)s/decam%(visit)07d.fits.fz[%(hdu)d]');
    expect(t.path).toBe('%(date)s/%(filter)s/decam%(visit)07d.fits.fz');
    expect(t.hdu).toEqual({ key: 'hdu' });
    expect([...t.keys]).toEqual([
      ['date', 'str'],
      ['filter', 'str'],
      ['visit', 'int'],
      ['hdu', 'int'],
    ]);
    expect(t.isCalibration).toBe(false);
  });

  it('maps conversions to key types', () => {
    const t = Gen2Template.parse('%(a)d%(b)i%(c)u%(d)o%(e)x%(f)X%(g)e%(h)E%(i)f%(j)F%(k)g%(l)G%(m)c%(n)r%(o)s');
    expect(Object.fromEntries(t.keys)).toEqual({
      a: 'int', b: 'int', c: 'int', d: 'int', e: 'int', f: 'int',
      g: 'float', h: 'float', i: 'float', j: 'float', k: 'float', l: 'float',
      m: 'str', n: 'str', o: 'str',
    });
  });

  it('lists a repeated key once', () => {
    const t = Gen2Template.parse('deepCoadd-results/%(filter)s/%(tract)d/%(patch)s/calexp-%(filter)s-%(tract)d-%(patch)s.fits');
    expect([...t.keys.keys()]).toEqual(['filter', 'tract', 'patch']);
  });

  it('recognises literal HDUs and calibrations', () => {
    const t = Gen2Template.parse('raw/%(dayObs)s/%(expId)013d-det%(detector)03d.fits[0]');
    expect(t.hdu).toEqual({ literal: 0 });
    expect(t.path).toBe('raw/%(dayObs)s/%(expId)013d-det%(detector)03d.fits');
    expect(Gen2Template.parse('cpBIAS/%(calibDate)s/BIAS-%(calibDate)s.fits[%(ccdnum)d]').isCalibration).toBe(true);
    expect(Gen2Template.parse('deepCoadd/skyMap.pickle').hdu).toBeUndefined();
  });

  it('splits the path into elements with literals, anchored regexes and keys', () => {
    const t = Gen2Template.parse('%(pointing)05d/%(filter)s/corr/CORR-%(visit)07d-%(ccd)03d.fits');
    expect(t.elements.map((e) => e.literal)).toEqual([undefined, undefined, 'corr', undefined]);
    expect(t.elements.map((e) => e.keys)).toEqual([['pointing'], ['filter'], [], ['visit', 'ccd']]);
    const [pointing, filter, corr, file] = t.elements;
    expect(pointing?.regex.test('01291')).toBe(true);
    expect(pointing?.regex.test('1291')).toBe(true);
    expect(pointing?.regex.test('HSC-R')).toBe(false);
    expect(filter?.regex.test('HSC-R')).toBe(true);
    expect(corr?.regex.test('corr')).toBe(true);
    expect(corr?.regex.test('corrx')).toBe(false);
    expect(file?.regex.test('CORR-0034648-051.fits')).toBe(true);
    expect(file?.regex.test('CORR-0034648-051.fits.gz')).toBe(true);
    expect(file?.regex.test('CORR-0034648-051.fits.fz')).toBe(true);
    expect(file?.regex.test('CORR-0034648-051.fits.bz2')).toBe(false);
    expect(t.literalLength).toBe('//corr/CORR--.fits'.length);
  });

  it('only adds the compressed suffix to .fits templates', () => {
    const t = Gen2Template.parse('%(pointing)05d/%(filter)s/output/sourceTable-%(visit)07d.parq');
    expect(t.acceptsCompressedSuffix).toBe(false);
    expect(t.elements.at(-1)?.regex.test('sourceTable-0034648.parq.gz')).toBe(false);
  });

  it('accepts directory templates with a trailing slash', () => {
    const t = Gen2Template.parse('spectractorOutput/%(dayObs)s/%(seqNum)04d/');
    expect(t.elements.map((e) => e.literal)).toEqual(['spectractorOutput', undefined, undefined, '']);
    expect(t.format({ dayObs: '2020-01-01', seqNum: 5 })).toBe('spectractorOutput/2020-01-01/0005/');
  });

  it('unescapes %% in literals', () => {
    const t = Gen2Template.parse('a%%b/%(x)d');
    expect(t.elements[0]?.literal).toBe('a%b');
    expect(t.match('a%b/3')).toEqual({ x: 3 });
  });

  it.each([
    ['', /empty path/],
    ['/abs/%(visit)d.fits', /absolute path/],
    ['../up/%(visit)d.fits', /'\.\.' path element/],
    ['a/../b.fits', /'\.\.' path element/],
    ['%(visit)', /incomplete field/],
    ['%(visit', /incomplete field key/],
    ['x%', /incomplete field/],
    ['%d.fits', /unnamed field/],
    ['%(visit)q', /unsupported conversion "q"/],
    ['%(visit)*d', /'\*' width/],
    ['%(visit).*f', /'\*' precision/],
    ['%(a-b)s', /unsupported key name "a-b"/],
    ['%()s', /unsupported key name ""/],
    ['%(__proto__)s', /unsupported key name/],
    ['a.fits[%(hdu)s]', /unsupported HDU suffix/],
    ['a.fits[%(hdu)d%(x)d]', /unsupported HDU suffix/],
    ['a.fits[x]', /unsupported HDU suffix/],
    ['[0]', /empty path/],
  ])('rejects %j', (text, message) => {
    expect(() => Gen2Template.parse(text)).toThrow(TemplateError);
    expect(() => Gen2Template.parse(text)).toThrow(message);
  });

  it('names the whole template in errors', () => {
    expect(() => Gen2Template.parse('a/%(b)Q')).toThrowErrorMatchingInlineSnapshot(`[TemplateError: template "a/%(b)Q": unsupported conversion "Q" at index 6]`);
  });
});

describe('tokenizeTemplate', () => {
  it('parses flags, width, precision and a length modifier', () => {
    const [field] = tokenizeTemplate('%(x)-+ #012.3lf', 't');
    expect(field).toEqual({
      key: 'x',
      leftAdjust: true,
      zeroPad: true,
      alternate: true,
      sign: '+',
      width: 12,
      precision: 3,
      conversion: 'f',
      text: '%(x)-+ #012.3lf',
    });
  });

  it('merges adjacent literals', () => {
    expect(tokenizeTemplate('a%%b%(k)sc', 't')).toEqual(['a%b', expect.objectContaining({ key: 'k' }), 'c']);
  });
});
