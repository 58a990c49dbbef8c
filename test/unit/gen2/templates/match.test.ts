import { describe, expect, it } from 'vitest';
import { Gen2Template } from '../../../../src/gen2/templates/index.js';

const HSC_RAW = '%(field)s/%(dateObs)s/%(pointing)05d/%(filter)s/HSC-%(visit)07d-%(ccd)03d.fits';
const HSC_CALEXP = '%(pointing)05d/%(filter)s/corr/CORR-%(visit)07d-%(ccd)03d.fits';
const HSC_SRC = '%(pointing)05d/%(filter)s/output/SRC-%(visit)07d-%(ccd)03d.fits';
const LSST_RAW = 'raw/%(dayObs)s/%(expId)013d/%(expId)013d-%(raftName)s-%(detectorName)s-det%(detector)03d.fits[0]';
const DEEP_CALEXP = 'deepCoadd-results/%(filter)s/%(tract)d/%(patch)s/calexp-%(filter)s-%(tract)d-%(patch)s.fits';

describe('Gen2Template.match', () => {
  it.each([
    [HSC_RAW, 'SSP_WIDE/2015-07-15/01291/HSC-R/HSC-0034648-051.fits', { field: 'SSP_WIDE', dateObs: '2015-07-15', pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }],
    [HSC_RAW, 'STRIPE82L/2013-11-02/00671/HSC-I/HSC-0904024-050.fits', { field: 'STRIPE82L', dateObs: '2013-11-02', pointing: 671, filter: 'HSC-I', visit: 904024, ccd: 50 }],
    [HSC_CALEXP, '01291/HSC-R/corr/CORR-0034648-051.fits', { pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }],
    [HSC_SRC, '01291/HSC-R/output/SRC-0034648-051.fits.gz', { pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }],
    ['defects/%(calibDate)s/defects-%(calibDate)s-%(ccd)03d.fits', 'defects/2013-01-31T00:00:00/defects-2013-01-31T00:00:00-096.fits', { calibDate: '2013-01-31T00:00:00', ccd: 96 }],
    ['%(expId)013d-%(raftName)s-%(detectorName)s-det%(detector)03d.fits', '30211212000310-R22-S22-det098.fits', { expId: 30211212000310, raftName: 'R22', detectorName: 'S22', detector: 98 }],
    [LSST_RAW, 'raw/2019-03-19/3019031900001/3019031900001-R10-S02-det029.fits', { dayObs: '2019-03-19', expId: 3019031900001, raftName: 'R10', detectorName: 'S02', detector: 29 }],
    ['raw/%(dayObs)s/%(expId)013d-det%(detector)03d.fits[0]', 'raw/2018-09-20/3018092000065-det000.fits', { dayObs: '2018-09-20', expId: 3018092000065, detector: 0 }],
    ['raw/%(run)s/%(raftName)s/%(expId)08d-%(raftName)s-%(detectorName)s-det%(detector)03d.fits[0]', 'raw/204595/R11/00204595-R11-S20-det042.fits', { run: '204595', raftName: 'R11', expId: 204595, detectorName: 'S20', detector: 42 }],
    ['bias/%(calibDate)s/bias-det%(detector)03d_%(calibDate)s.fits', 'bias/2018-09-21/bias-det000_2018-09-21.fits', { calibDate: '2018-09-21', detector: 0 }],
    ['%(date)s/%(filter)s/decam%(visit)07d.fits.fz[%(hdu)d]', '2015-02-24/g/decam0413635.fits.fz', { date: '2015-02-24', filter: 'g', visit: 413635 }],
    ['%(visit)07d/calexp/calexp-%(visit)07d_%(ccdnum)02d.fits', '0176837/calexp/calexp-0176837_10.fits', { visit: 176837, ccdnum: 10 }],
    ['%(visit)07d/src/src-%(visit)07d_%(ccdnum)02d.fits', '0176837/src/src-0176837_10.fits.gz', { visit: 176837, ccdnum: 10 }],
    ['deepDiff/v%(visit)d/diaSrc-%(ccdnum)02d.fits', 'deepDiff/v413635/diaSrc-42.fits', { visit: 413635, ccdnum: 42 }],
    ['deepCoadd/%(filter)s/%(tract)d/%(patch)s.fits', 'deepCoadd/HSC-R/0/5,4.fits', { filter: 'HSC-R', tract: 0, patch: '5,4' }],
    [DEEP_CALEXP, 'deepCoadd-results/HSC-I/9813/12,3/calexp-HSC-I-9813-12,3.fits', { filter: 'HSC-I', tract: 9813, patch: '12,3' }],
    ['deepCoadd/BrightObjectMasks/%(tract)d/BrightObjectMask-%(tract)d-%(patch)s-%(filter)s.reg', 'deepCoadd/BrightObjectMasks/0/BrightObjectMask-0-5,4-HSC-I.reg', { tract: 0, patch: '5,4', filter: 'HSC-I' }],
    ['ref_cats/%(name)s/%(pixel_id)s.fits', 'ref_cats/ps1_pv3_3pi_20170110/197120.fits', { name: 'ps1_pv3_3pi_20170110', pixel_id: '197120' }],
    ['raw/raw_v%(visit)d_f%(filter)s.fits.gz', 'raw/raw_v890104911_fr.fits.gz', { visit: 890104911, filter: 'r' }],
    ['schema/src.fits', 'schema/src.fits', {}],
  ])('%s matches %s', (text, relPath, dataId) => {
    expect(Gen2Template.parse(text).match(relPath)).toEqual(dataId);
  });

  it('treats widths as minimums and parses leading zeros', () => {
    const t = Gen2Template.parse('v%(visit)07d.fits');
    expect(t.match('v12.fits')).toEqual({ visit: 12 });
    expect(t.match('v000000000012.fits')).toEqual({ visit: 12 });
    expect(t.match('v123456789.fits')).toEqual({ visit: 123456789 });
    expect(t.match('v.fits')).toBeUndefined();
    expect(t.match('vx12.fits')).toBeUndefined();
  });

  it('requires repeated keys to agree', () => {
    const t = Gen2Template.parse(DEEP_CALEXP);
    expect(t.match('deepCoadd-results/HSC-I/9813/5,4/calexp-HSC-R-9813-5,4.fits')).toBeUndefined();
    expect(t.match('deepCoadd-results/HSC-I/9813/5,4/calexp-HSC-I-9814-5,4.fits')).toBeUndefined();
    expect(t.match('deepCoadd-results/HSC-I/9813/5,4/calexp-HSC-I-9813-5,5.fits')).toBeUndefined();
    const lsst = Gen2Template.parse(LSST_RAW);
    expect(lsst.match('raw/2019-03-19/3019031900001/3019031900002-R10-S02-det029.fits')).toBeUndefined();
    expect(lsst.match('raw/2019-03-19/03019031900001/3019031900001-R10-S02-det029.fits')).toEqual(expect.objectContaining({ expId: 3019031900001 }));
  });

  it('finds the split where a repeated string key agrees', () => {
    const t = Gen2Template.parse('%(a)s-%(b)s-%(a)s.txt');
    expect(t.match('x-y-z-x.txt')).toEqual({ a: 'x', b: 'y-z' });
    expect(t.match('x-y-q-x-y.txt')).toEqual({ a: 'x-y', b: 'q' });
    expect(t.match('x-y-x-y.txt')).toBeUndefined();
  });

  it('accepts .gz and .fz only after .fits templates', () => {
    const fits = Gen2Template.parse('a/%(x)d.fits');
    expect(fits.match('a/1.fits.gz')).toEqual({ x: 1 });
    expect(fits.match('a/1.fits.fz')).toEqual({ x: 1 });
    expect(fits.match('a/1.fits.gz.gz')).toBeUndefined();
    expect(fits.match('a/1.fits.bz2')).toBeUndefined();
    expect(Gen2Template.parse('a/%(x)d.fits.gz').match('a/1.fits.gz.gz')).toBeUndefined();
    expect(Gen2Template.parse('a/%(x)d.yaml').match('a/1.yaml.gz')).toBeUndefined();
  });

  it('needs the whole path and never lets a field span a slash', () => {
    const t = Gen2Template.parse('%(filter)s/x.fits');
    expect(t.match('a/b/x.fits')).toBeUndefined();
    expect(t.match('pre/a/x.fits')).toBeUndefined();
    expect(t.match('a/x.fitsx')).toBeUndefined();
  });

  it('requires x,y for patch', () => {
    const t = Gen2Template.parse('deepCoadd/%(filter)s/%(tract)d/%(patch)s.fits');
    expect(t.match('deepCoadd/r/0/5.fits')).toBeUndefined();
    expect(t.match('deepCoadd/r/0/a,b.fits')).toBeUndefined();
  });

  it('parses hex, octal, floats and signs', () => {
    expect(Gen2Template.parse('%(a)x-%(b)#o-%(c)X').match('ff-0o17-BEEF')).toEqual({ a: 255, b: 15, c: 48879 });
    expect(Gen2Template.parse('f%(v).2f').match('f-2.25')).toEqual({ v: -2.25 });
    expect(Gen2Template.parse('f%(v)e').match('f1.500000e+02')).toEqual({ v: 150 });
    expect(Gen2Template.parse('f%(v)f').match('finf')).toEqual({ v: Infinity });
    expect(Gen2Template.parse('f%(v)f').match('fnan')).toEqual({ v: NaN });
    expect(Gen2Template.parse('i%(v)+d').match('i+5')).toEqual({ v: 5 });
    expect(Gen2Template.parse('i%(v)d').match('i-5')).toEqual({ v: -5 });
    expect(Gen2Template.parse('i%(v)5d').match('i    5')).toEqual({ v: 5 });
    expect(Gen2Template.parse('s%(v)-6s|').match('sab    |')).toEqual({ v: 'ab' });
    expect(Gen2Template.parse('c%(v)c').match('cq')).toEqual({ v: 'q' });
    expect(Gen2Template.parse('r%(v)r').match("r'ab'")).toEqual({ v: 'ab' });
  });
});

describe('format and match round-trip', () => {
  it.each([
    [HSC_RAW, { field: 'SSP_WIDE', dateObs: '2015-07-15', pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }],
    [DEEP_CALEXP, { filter: 'HSC-I', tract: 9813, patch: '5,4' }],
    [LSST_RAW, { dayObs: '2021-12-12', expId: 30211212000310, raftName: 'R22', detectorName: 'S22', detector: 98 }],
    ['%(a)x/%(b)#08X/%(c)o', { a: 3054, b: 48879, c: 8 }],
    ['f%(v).3f_%(w)e_%(g)g', { v: -1.5, w: 12345.5, g: 0.0001 }],
    ['n%(n)d', { n: -42 }],
  ])('%s', (text, dataId) => {
    const t = Gen2Template.parse(text);
    const path = t.format(dataId);
    expect(t.match(path)).toEqual(dataId);
    expect(t.format(t.match(path) ?? {})).toBe(path);
  });
});
