// astropy is the oracle: a corpus of FITS pairs is generated with astropy, FITSDiff(a, b, **options)
// decides identical/different and counts differing pixels / table values per HDU, and `gen2to3 fitsdiff`
// (the built CLI, `--json`) must agree on every pair.
import { beforeAll, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../../helpers/cli.js';
import { describeInterop, runPythonJson } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

interface OracleCase {
  name: string;
  a: string;
  b: string;
  options: { rtol?: number; atol?: number; ignore_keywords?: string[]; ignore_comments?: string[]; ignore_hdus?: string[]; ignore_fields?: string[] };
  identical: boolean;
  /** Differing pixels / table values / bytes of each compared HDU pair, by position (astropy's idx). */
  counts: Record<string, number>;
}

const CORPUS = String.raw`
import gzip, json, os, shutil, sys
import numpy as np
from astropy.io import fits
from astropy.io.fits.diff import FITSDiff

out = sys.argv[1]
rng = np.random.default_rng(20240611)
cases = []

def path(name):
    return os.path.join(out, name)

def write(name, hdus):
    fits.HDUList(hdus).writeto(path(name), overwrite=True)
    return path(name)

def case(name, a, b, **options):
    cases.append((name, a, b, options))

def img(data, header=None, name=None, primary=True):
    h = fits.Header() if header is None else header.copy()
    if primary:
        return fits.PrimaryHDU(data, header=h)
    return fits.ImageHDU(data, header=h, name=name)

base32 = rng.normal(100.0, 10.0, size=(40, 50)).astype(np.float32)
hdr = fits.Header()
hdr['FOO'] = (1.0, 'a real keyword')
hdr['BAR'] = ('text', 'a string keyword')
hdr['DATE-OBS'] = '2020-01-01T00:00:00'
a32 = write('f32_a.fits', [img(base32, hdr)])

case('float32 identical copy', a32, write('f32_same.fits', [img(base32.copy(), hdr)]))

small = (base32 * (1 + rng.uniform(-1e-7, 1e-7, base32.shape))).astype(np.float32)
b_small = write('f32_small.fits', [img(small, hdr)])
case('float32 noise below rtol', a32, b_small, rtol=1e-5)
case('float32 noise, exact comparison', a32, b_small)

large = base32.copy()
idx = rng.choice(base32.size, 37, replace=False)
large.flat[idx] *= np.float32(1.001)
case('float32 noise above rtol', a32, write('f32_large.fits', [img(large, hdr)]), rtol=1e-5)

edge = (base32 * (1 + rng.normal(0, 1e-6, base32.shape))).astype(np.float32)
b_edge = write('f32_edge.fits', [img(edge, hdr)])
case('float32 noise straddling rtol', a32, b_edge, rtol=1e-6)
case('float32 noise straddling atol', a32, b_edge, atol=1e-4)
case('float32 noise straddling rtol and atol', a32, b_edge, rtol=5e-7, atol=5e-5)

base64 = rng.normal(0.0, 1.0, size=(30, 20))
n64 = base64 + rng.normal(0, 1e-9, base64.shape)
case('float64 noise within atol', write('f64_a.fits', [img(base64)]), write('f64_b.fits', [img(n64)]), atol=1e-8)
case('float64 noise beyond atol', path('f64_a.fits'), path('f64_b.fits'), atol=1e-10)

i16 = rng.integers(-1000, 1000, size=(25, 25)).astype(np.int16)
i16b = i16.copy(); i16b[3, 4] += 1; i16b[10, 20] -= 5
case('int16 pixels differ, tolerance ignored', write('i16_a.fits', [img(i16)]), write('i16_b.fits', [img(i16b)]), rtol=0.5)
case('int16 identical', path('i16_a.fits'), write('i16_same.fits', [img(i16.copy())]))

def scaled(name, raw):
    hdu = fits.PrimaryHDU(data=raw.copy(), do_not_scale_image_data=True)
    hdu.header['BSCALE'] = 0.37
    hdu.header['BZERO'] = 12.5
    return write(name, [hdu])

raw = rng.integers(-30000, 30000, size=(30, 30)).astype(np.int16)
rawb = raw.copy(); rawb.flat[rng.choice(raw.size, 60, replace=False)] += 1
sa = scaled('s16_a.fits', raw)
sb = scaled('s16_b.fits', rawb)
case('scaled int16 (float32 data), exact', sa, sb)
case('scaled int16 (float32 data), rtol', sa, sb, rtol=1e-4)

blank_a = rng.integers(100000, 200000, size=(20, 20)).astype(np.int32)
blank_b = blank_a + rng.integers(0, 2, size=blank_a.shape).astype(np.int32)
blank_a[0, 0] = -999
blank_b[0, 0] = -999
def with_blank(name, data):
    hdu = fits.PrimaryHDU(data)
    hdu.header['BLANK'] = -999
    return write(name, [hdu])
case('int32 with BLANK (float data), within rtol', with_blank('blank_a.fits', blank_a), with_blank('blank_b.fits', blank_b), rtol=1e-4)
case('int32 with BLANK (float data), exact', path('blank_a.fits'), path('blank_b.fits'))
u8 = rng.integers(0, 255, size=(16, 16)).astype(np.uint8)
u8b = u8.copy(); u8b[15, 15] ^= 4
case('uint8 one pixel', write('u8_a.fits', [img(u8)]), write('u8_b.fits', [img(u8b)]))
e1 = fits.Header(); e1['OBJECT'] = 'M31'
e2 = fits.Header(); e2['OBJECT'] = 'M33'
case('header-only primary HDUs', write('empty_a.fits', [fits.PrimaryHDU(header=e1)]), write('empty_b.fits', [fits.PrimaryHDU(header=e2)]))

u16 = rng.integers(0, 65535, size=(20, 20)).astype(np.uint16)
u16b = u16.copy(); u16b[0, 0] ^= 1
case('uint16 (BZERO 32768) one pixel', write('u16_a.fits', [img(u16)]), write('u16_b.fits', [img(u16b)]), rtol=1.0)

nan_a = base32.copy(); nan_a[1, 1] = np.nan
nan_b = base32.copy(); nan_b[2, 2] = np.nan
case('NaN moved', write('nan_a.fits', [img(nan_a, hdr)]), write('nan_b.fits', [img(nan_b, hdr)]))
inf_b = base32.copy(); inf_b[1, 1] = np.inf
case('NaN vs +inf at the same pixel', path('nan_a.fits'), write('inf_b.fits', [img(inf_b, hdr)]))
ninf_b = base32.copy(); ninf_b[1, 1] = -np.inf
case('+inf vs -inf', path('inf_b.fits'), write('ninf_b.fits', [img(ninf_b, hdr)]))

h2 = hdr.copy(); h2['FOO'] = 2.0
case('header value edit', a32, write('hdr_value.fits', [img(base32, h2)]))
h3 = hdr.copy(); h3['FOO'] = 1.0000001
case('header real within rtol', a32, write('hdr_close.fits', [img(base32, h3)]), rtol=1e-5)
h4 = hdr.copy(); h4.comments['FOO'] = 'another comment'
b_comment = write('hdr_comment.fits', [img(base32, h4)])
case('header comment edit', a32, b_comment)
case('header comment edit, comments ignored', a32, b_comment, ignore_comments=['FOO'])
h5 = hdr.copy(); h5['NEWKEY'] = 3
b_new = write('hdr_new.fits', [img(base32, h5)])
case('one-sided keyword', a32, b_new)
case('one-sided keyword ignored (card counts still differ)', a32, b_new, ignore_keywords=['NEWKEY'])
h6 = hdr.copy(); h6['DATE-OBS'] = '2021-06-30T12:00:00'
b_date = write('hdr_date.fits', [img(base32, h6)])
case('DATE-OBS differs', a32, b_date)
case('DATE* ignored', a32, b_date, ignore_keywords=['DATE*'])
h7 = hdr.copy(); h7['BAR'] = 'text   '
case('trailing blanks in a string value', a32, write('hdr_blanks.fits', [img(base32, h7)]))
h8 = hdr.copy(); h8.add_history('one more step')
case('extra HISTORY card', a32, write('hdr_history.fits', [img(base32, h8)]))

mef_a = write('mef_a.fits', [fits.PrimaryHDU(), img(base32, name='SCI', primary=False), img(i16, name='DQ', primary=False)])
mef_b2 = base32.copy(); mef_b2[5, 5] += 1
case('MEF: one extension differs', mef_a, write('mef_b.fits', [fits.PrimaryHDU(), img(mef_b2, name='SCI', primary=False), img(i16, name='DQ', primary=False)]))
mef_extra = write('mef_extra.fits', [fits.PrimaryHDU(), img(base32, name='SCI', primary=False), img(i16, name='DQ', primary=False), img(i16, name='EXTRA', primary=False)])
case('extra HDU', mef_a, mef_extra)
case('extra HDU ignored (HDU counts still differ)', mef_a, mef_extra, ignore_hdus=['EXTRA'])
case('differing HDU ignored by pattern', mef_a, path('mef_b.fits'), ignore_hdus=['SC*'])
case('EXTNAME mismatch', mef_a, write('mef_names.fits', [fits.PrimaryHDU(), img(base32, name='IMG', primary=False), img(i16, name='DQ', primary=False)]))
case('image dimensions differ', a32, write('f32_shape.fits', [img(base32[:, :49].copy(), hdr)]))

with open(a32, 'rb') as src, gzip.open(path('f32_a.fits.gz'), 'wb') as dst:
    shutil.copyfileobj(src, dst)
case('gzip-compressed vs plain, same content', path('f32_a.fits.gz'), a32)
case('gzip-compressed vs plain, different data', path('f32_a.fits.gz'), path('f32_large.fits'), rtol=1e-5)

def comp(name, data, **kwargs):
    return write(name, [fits.PrimaryHDU(), fits.CompImageHDU(data, name='SCI', **kwargs)])

ci = rng.integers(-1000, 1000, size=(64, 50)).astype(np.int16)
cib = ci.copy(); cib[3, 3] += 1
case('tile-compressed RICE_1 vs GZIP_2, same pixels', comp('c_rice.fits', ci, compression_type='RICE_1'), comp('c_gzip2.fits', ci, compression_type='GZIP_2'))
case('tile-compressed, one pixel differs', path('c_gzip2.fits'), comp('c_gzip2_b.fits', cib, compression_type='GZIP_2'))
case('tile-compressed vs plain image extension', path('c_rice.fits'), write('c_plain.fits', [fits.PrimaryHDU(), fits.ImageHDU(ci, name='SCI')]))
cf = rng.normal(100.0, 10.0, size=(64, 50)).astype(np.float32)
cf_plain = write('cf_plain.fits', [fits.PrimaryHDU(), fits.CompImageHDU(cf, name='SCI', compression_type='GZIP_2', quantize_level=0.0)])
cf_quant = comp('cf_quant.fits', cf, compression_type='RICE_1', quantize_level=16)
case('quantized float (dithered RICE_1) vs lossless, exact', cf_quant, cf_plain)
case('quantized float (dithered RICE_1) vs lossless, within atol', cf_quant, cf_plain, atol=0.15)

def table(name, columns, header=None):
    return write(name, [fits.PrimaryHDU(), fits.BinTableHDU.from_columns(columns, header=header, name='CAT')])

n = 50
ids = np.arange(n, dtype=np.int64)
flux = rng.normal(1000.0, 50.0, n).astype(np.float32)
mag = rng.normal(20.0, 1.0, n)
label = np.array(['src%03d' % i for i in range(n)])
vec = rng.normal(0, 1, (n, 3)).astype(np.float32)
def cols(flux=flux, mag=mag, label=label, ids=ids, vec=vec, flux_unit='count', extra=False):
    c = [fits.Column(name='id', format='K', array=ids),
         fits.Column(name='flux', format='E', unit=flux_unit, array=flux),
         fits.Column(name='mag', format='D', array=mag),
         fits.Column(name='label', format='8A', array=label),
         fits.Column(name='vec', format='3E', array=vec)]
    if extra:
        c.append(fits.Column(name='extra', format='J', array=np.zeros(len(ids), dtype=np.int32)))
    return c
ta = table('tab_a.fits', cols())
case('tables identical', ta, table('tab_same.fits', cols()))
noisy = flux.copy(); noisy[rng.choice(n, 7, replace=False)] += np.float32(1.0)
b_tflux = table('tab_flux.fits', cols(flux=noisy))
case('table float column differs', ta, b_tflux)
case('table float column within atol', ta, b_tflux, atol=2.0)
case('table float column ignored', ta, b_tflux, ignore_fields=['FLUX'])
case('table extra column', ta, table('tab_extra.fits', cols(extra=True)))
case('table unit changed', ta, table('tab_unit.fits', cols(flux_unit='nJy')))
lab = label.copy(); lab[3] = 'other'
case('table string column differs', ta, table('tab_label.fits', cols(label=lab)))
vb = vec.copy(); vb[4, 1] += 1; vb[4, 2] += 1; vb[9, 0] -= 1
case('table vector column differs', ta, table('tab_vec.fits', cols(vec=vb)))
case('table row counts differ', ta, table('tab_rows.fits', cols(flux=flux[:-1], mag=mag[:-1], label=label[:-1], ids=ids[:-1], vec=vec[:-1])))
mag_edge = mag * (1 + rng.normal(0, 1e-9, n))
case('table float64 straddling rtol', ta, table('tab_mag.fits', cols(mag=mag_edge)), rtol=1e-9)

results = []
for name, a, b, options in cases:
    d = FITSDiff(a, b, **options)
    counts = {}
    for hdu_idx, hdu_diff, _name, _ver in d.diff_hdus:
        data = hdu_diff.diff_data
        if data is not None:
            counts[str(hdu_idx)] = int(data.diff_total)
    results.append({'name': name, 'a': a, 'b': b, 'options': options, 'identical': bool(d.identical), 'counts': counts})
print(json.dumps(results))
`;

function cliArgs(c: OracleCase): string[] {
  const args = ['fitsdiff', c.a, c.b, '--json'];
  const { options } = c;
  if (options.rtol !== undefined) args.push('--rtol', String(options.rtol));
  if (options.atol !== undefined) args.push('--atol', String(options.atol));
  const lists: [string, string[] | undefined][] = [
    ['--ignore-keywords', options.ignore_keywords],
    ['--ignore-comments', options.ignore_comments],
    ['--ignore-hdus', options.ignore_hdus],
    ['--ignore-fields', options.ignore_fields],
  ];
  for (const [flag, values] of lists) if (values) args.push(flag, values.join(','));
  return args;
}

interface OurDiff {
  identical: boolean;
  hdus: { identical: boolean; data?: { differingPixels?: number; differingValues?: number; differingBytes?: number } }[];
}

function ourCounts(diff: OurDiff): Record<string, number> {
  const counts: Record<string, number> = {};
  diff.hdus.forEach((hdu, i) => {
    const data = hdu.data;
    if (hdu.identical || !data) return;
    counts[String(i)] = data.differingPixels ?? data.differingValues ?? data.differingBytes ?? 0;
  });
  return counts;
}

describeInterop('gen2to3 fitsdiff agrees with astropy FITSDiff', () => {
  let corpus: OracleCase[] = [];

  beforeAll(async () => {
    ensureBuilt();
    corpus = await runPythonJson<OracleCase[]>(CORPUS, [tmpDir('gen2to3-fitsdiff-oracle-')]);
  }, 300_000);

  it('generates a corpus of about 30 pairs with both outcomes', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(corpus.some((c) => c.identical)).toBe(true);
    expect(corpus.some((c) => !c.identical)).toBe(true);
  });

  it('agrees on identical/different, the exit code and the differing counts of every pair', () => {
    const disagreements: string[] = [];
    for (const c of corpus) {
      const run = runCli(cliArgs(c));
      if (run.status !== (c.identical ? 0 : 1)) {
        disagreements.push(`${c.name}: exit ${run.status}, astropy identical=${c.identical}\n${run.stderr}`);
        continue;
      }
      const ours = JSON.parse(run.stdout) as OurDiff;
      if (ours.identical !== c.identical) disagreements.push(`${c.name}: identical ${ours.identical}, astropy ${c.identical}`);
      const counts = ourCounts(ours);
      if (JSON.stringify(counts) !== JSON.stringify(c.counts)) disagreements.push(`${c.name}: counts ${JSON.stringify(counts)}, astropy ${JSON.stringify(c.counts)}`);
    }
    expect(disagreements).toEqual([]);
  }, 300_000); // one CLI process per pair (~55): minutes on a loaded 2-CPU machine
});
