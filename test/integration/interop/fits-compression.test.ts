// astropy is the oracle for tile-compressed images: a corpus of CompImageHDUs (every algorithm astropy
// writes, integer and float images, every quantisation method, odd tile sizes, NaNs and zeros, HCOMPRESS
// scales with and without smoothing, GZIP_COMPRESSED_DATA fallback tiles) is written
// with astropy, which also dumps its `CompImageHDU.data` as little-endian float64; our decoded pixels must
// be bitwise equal (NaN positions equal). The compressed HDUs of the real fixtures are compared by sum.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readFits } from '../../../src/fits/index.js';
import { FIXTURES_ROOT } from '../../helpers/fixtures.js';
import { describeInterop, runPythonJson } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

interface OracleHdu {
  /** HDU index in `file`. */
  index: number;
  label: string;
  /** astropy's data as '<f8' bytes, in FITS order (first axis fastest). */
  dump: string;
  dtype: string;
  shape: number[];
}

interface Corpus {
  file: string;
  hdus: OracleHdu[];
  skipped: string[];
}

const CORPUS = String.raw`
import json, os, sys, warnings
import numpy as np
from astropy.io import fits
warnings.simplefilter('ignore')
out = sys.argv[1]
rng = np.random.default_rng(20261125)
hdus = [fits.PrimaryHDU()]
labels = []
skipped = []

def add(label, data, **kw):
    try:
        hdu = fits.CompImageHDU(data, **kw)
        fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(os.path.join(out, 'probe.fits'), overwrite=True)
    except Exception as e:
        skipped.append(f'{label}: {type(e).__name__}: {e}')
        return
    hdus.append(hdu)
    labels.append(label)

shape = (37, 53)
ints = {
    'uint8': rng.integers(0, 256, size=shape).astype(np.uint8),
    'int8': rng.integers(-128, 128, size=shape).astype(np.int8),
    'int16': rng.integers(-30000, 30000, size=shape).astype(np.int16),
    'uint16': rng.integers(0, 65536, size=shape).astype(np.uint16),
    'int32': rng.integers(-2**31, 2**31, size=shape).astype(np.int32),
    'int32 smooth': (np.add.outer(np.arange(37), np.arange(53)) * 1000 + rng.integers(0, 50, size=shape)).astype(np.int32),
}
plio = {
    'int16 plio': np.where(rng.random(shape) < 0.7, 0, rng.integers(0, 4000, size=shape)).astype(np.int16),
    'int32 plio': np.repeat(rng.integers(0, 2**24, size=(37, 1)), 53, axis=1).astype(np.int32),
    'uint8 plio': rng.integers(0, 256, size=shape).astype(np.uint8),
}
def floats(dtype):
    f = (rng.normal(1000, 30, size=shape) + np.linspace(0, 500, 53)).astype(dtype)
    f[3, 4] = np.nan
    f[20, 10:30] = np.nan
    f[10, :7] = 0
    return f
f32 = floats(np.float32)
f64 = floats(np.float64)

for alg in ['GZIP_1', 'GZIP_2', 'RICE_1', 'HCOMPRESS_1', 'NOCOMPRESS']:
    tile = (8, 12) if alg == 'HCOMPRESS_1' else (7, 11)
    for name, data in ints.items():
        add(f'{alg} {name} tile {tile}', data, compression_type=alg, tile_shape=tile)
    for fname, fdata in [('float32', f32), ('float64', f64)]:
        for method, mname in [(-1, 'NO_DITHER'), (1, 'SUBTRACTIVE_DITHER_1'), (2, 'SUBTRACTIVE_DITHER_2')]:
            add(f'{alg} {fname} {mname} q=16 seed 17', fdata, compression_type=alg, tile_shape=tile, quantize_method=method, quantize_level=16, dither_seed=17)
        add(f'{alg} {fname} SUBTRACTIVE_DITHER_1 q=4 seed 10000', fdata, compression_type=alg, tile_shape=tile, quantize_method=1, quantize_level=4, dither_seed=10000)
        add(f'{alg} {fname} SUBTRACTIVE_DITHER_2 q=-0.5 (absolute) seed 1', fdata, compression_type=alg, tile_shape=tile, quantize_method=2, quantize_level=-0.5, dither_seed=1)
for name, data in plio.items():
    add(f'PLIO_1 {name} tile (7, 11)', data, compression_type='PLIO_1', tile_shape=(7, 11))
    add(f'PLIO_1 {name} rows', data, compression_type='PLIO_1')
for alg in ['GZIP_1', 'GZIP_2']:
    add(f'{alg} float32 lossless', f32, compression_type=alg, quantize_level=0)
    add(f'{alg} float64 lossless', f64, compression_type=alg, quantize_level=0, tile_shape=(5, 53))
    add(f'{alg} int64', rng.integers(-2**62, 2**62, size=shape).astype(np.int64), compression_type=alg, tile_shape=(7, 11))
for scale in [1, 2.5, 16]:
    add(f'HCOMPRESS_1 int32 smooth scale {scale}', ints['int32 smooth'], compression_type='HCOMPRESS_1', tile_shape=(16, 16), hcomp_scale=scale)
    add(f'HCOMPRESS_1 int32 smooth scale {scale} SMOOTH', ints['int32 smooth'], compression_type='HCOMPRESS_1', tile_shape=(16, 24), hcomp_scale=scale, hcomp_smooth=True)
add('HCOMPRESS_1 float32 SUBTRACTIVE_DITHER_2 scale 2.5 SMOOTH', f32, compression_type='HCOMPRESS_1', tile_shape=(37, 53), hcomp_scale=2.5, hcomp_smooth=True, quantize_method=2)
add('HCOMPRESS_1 int16 one tile', ints['int16'], compression_type='HCOMPRESS_1', tile_shape=shape)
add('HCOMPRESS_1 float32 SUBTRACTIVE_DITHER_1 scale 2', f32, compression_type='HCOMPRESS_1', tile_shape=(16, 16), hcomp_scale=2)
big = (rng.normal(0, 1, size=(120, 100)) * 50).astype(np.float32)
for alg in ['RICE_1', 'GZIP_2']:
    add(f'{alg} float32 12000-pixel tile (dither sequence wraps)', big, compression_type=alg, tile_shape=(120, 100), quantize_method=1, dither_seed=9876)
cube = rng.integers(-1000, 1000, size=(5, 9, 13)).astype(np.int16)
for alg in ['RICE_1', 'GZIP_1', 'NOCOMPRESS']:
    add(f'{alg} int16 cube tile (2, 4, 5)', cube, compression_type=alg, tile_shape=(2, 4, 5))
add('RICE_1 float32 cube tile (3, 9, 13)', (cube * 0.37).astype(np.float32), compression_type='RICE_1', tile_shape=(3, 9, 13))
add('RICE_1 float32 all NaN', np.full(shape, np.nan, dtype=np.float32), compression_type='RICE_1')
add('RICE_1 float32 constant tiles', np.full(shape, 3.25, dtype=np.float32), compression_type='RICE_1', tile_shape=(7, 11))
add('RICE_1 float32 default row tiles', (rng.normal(0, 100, size=shape)).astype(np.float32), compression_type='RICE_1')

file = os.path.join(out, 'corpus.fits')
fits.HDUList(hdus).writeto(file, overwrite=True)
result = []
with fits.open(file) as f:
    for i, label in enumerate(labels, 1):
        data = f[i].data
        dump = os.path.join(out, f'hdu{i}.f8')
        np.ascontiguousarray(data.astype('<f8')).tofile(dump)
        result.append({'index': i, 'label': label, 'dump': dump, 'dtype': str(data.dtype), 'shape': list(data.shape)})
print(json.dumps({'file': file, 'hdus': result, 'skipped': skipped}))
`;

const FIXTURE_SUMS = String.raw`
import json, sys
import numpy as np
from astropy.io import fits
out = []
for name in sys.argv[1:]:
    with fits.open(name) as f:
        for i, hdu in enumerate(f):
            if isinstance(hdu, fits.CompImageHDU):
                d = hdu.data
                out.append({'file': name, 'index': i, 'sum': float(np.nansum(d.astype(np.float64))), 'nans': int(np.isnan(d.astype(np.float64)).sum()), 'size': int(d.size)})
print(json.dumps(out))
`;

/** The compressed-image fixtures (tile-compressed HDUs in plain `.fits` files; none are gzip-wrapped). */
const COMPRESSED_FIXTURES = [
  'obs_lsst_gen2/data/input/imsim/raw/204595/R11/00204595-R11-S20-det042.fits',
  'obs_lsst_gen2/data/input/imsim/CALIB/bias/2022-01-01/bias-R11-S20-det042_2022-01-01.fits',
  'obs_lsst_gen2/data/input/latiss/CALIB/bias/2018-09-21/bias-det000_2018-09-21.fits',
];

/** Index of the first pixel where `ours` and `theirs` differ bitwise (NaN equals NaN), or -1. */
function firstDifference(ours: Float64Array, theirs: Float64Array): number {
  if (ours.length !== theirs.length) return 0;
  for (let i = 0; i < ours.length; i++) if (!Object.is(ours[i], theirs[i])) return i;
  return -1;
}

describeInterop('tile-compressed images decode exactly as astropy decodes them', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await runPythonJson<Corpus>(CORPUS, [tmpDir('gen2to3-fits-compression-')]);
  }, 300_000);

  it('generates the corpus (every algorithm astropy writes)', () => {
    expect(corpus.skipped).toEqual([]);
    const algorithms = new Set(corpus.hdus.map((hdu) => hdu.label.split(' ')[0]));
    expect([...algorithms].sort()).toEqual(['GZIP_1', 'GZIP_2', 'HCOMPRESS_1', 'NOCOMPRESS', 'PLIO_1', 'RICE_1']);
  });

  it('decodes every HDU bitwise equal to CompImageHDU.data', async () => {
    const file = await readFits(corpus.file);
    const mismatches: string[] = [];
    for (const oracle of corpus.hdus) {
      const hdu = file.hdus[oracle.index];
      if (hdu?.kind !== 'compressed-image') {
        mismatches.push(`${oracle.label}: HDU ${oracle.index} is ${hdu?.kind}`);
        continue;
      }
      const image = hdu.image();
      const bytes = readFileSync(oracle.dump);
      const theirs = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
      const ours = Float64Array.from(image.physical());
      expect([...image.shape].reverse(), oracle.label).toEqual(oracle.shape);
      const at = firstDifference(ours, theirs);
      if (at >= 0) mismatches.push(`${oracle.label}: pixel ${at} is ${ours[at]}, astropy ${theirs[at]}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describeInterop('compressed HDUs of the real fixtures', () => {
  it.skipIf(FIXTURES_ROOT === undefined)('decode to the pixel sums astropy computes', async () => {
    const files = COMPRESSED_FIXTURES.map((name) => path.join(FIXTURES_ROOT ?? '', name));
    const expected = await runPythonJson<{ file: string; index: number; sum: number; nans: number; size: number }[]>(FIXTURE_SUMS, files);
    expect(expected.length).toBeGreaterThan(0);
    for (const file of files) {
      const fits = await readFits(file);
      for (const oracle of expected.filter((entry) => entry.file === file)) {
        const hdu = fits.hdus[oracle.index];
        if (hdu?.kind !== 'compressed-image') throw new Error(`${file} HDU ${oracle.index} is not compressed`);
        const pixels = hdu.image().physical();
        let sum = 0;
        let nans = 0;
        for (const value of pixels) {
          if (Number.isNaN(value)) nans++;
          else sum += value;
        }
        expect({ sum, nans, size: pixels.length }, `${file} HDU ${oracle.index}`).toEqual({ sum: oracle.sum, nans: oracle.nans, size: oracle.size });
      }
    }
  }, 120_000);
});
