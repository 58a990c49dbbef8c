// Compressed images written by gen2to3 must read back in astropy as CompImageHDUs: lossless RICE_1, GZIP_1,
// GZIP_2, NOCOMPRESS, PLIO_1 with exactly the pixels we wrote, quantised floats (every method, NaNs, zeros, a
// constant tile stored losslessly) with exactly the pixels we decode (compared bitwise as float64 dumps).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { compressImage, FitsHeader, FitsImage, parseFits, writeFits, type HduSpec, type CompressionAlgorithm } from '../../../src/fits/index.js';
import { describeInterop, runPythonJson } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const READ_BACK = String.raw`
import json, sys
import numpy as np
from astropy.io import fits
out = []
with fits.open(sys.argv[1]) as f:
    for i, hdu in enumerate(f[1:], 1):
        dump = f'{sys.argv[1]}.{i}.f8'
        np.ascontiguousarray(hdu.data.astype('<f8')).tofile(dump)
        out.append({'name': hdu.name, 'kind': type(hdu).__name__, 'dtype': str(hdu.data.dtype), 'shape': list(hdu.data.shape), 'dump': dump})
print(json.dumps(out))
`;

const SHAPE = [57, 23];
const COUNT = 57 * 23;

function images(): [string, FitsImage][] {
  let state = 5;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const fill = <T extends { [i: number]: number }>(array: T, value: (i: number) => number): T => {
    for (let i = 0; i < COUNT; i++) array[i] = value(i);
    return array;
  };
  return [
    ['UINT8', new FitsImage(8, SHAPE, fill(new Uint8Array(COUNT), () => Math.floor(next() * 256)))],
    ['INT16', new FitsImage(16, SHAPE, fill(new Int16Array(COUNT), () => Math.floor(next() * 65536) - 32768))],
    ['UINT16', new FitsImage(16, SHAPE, fill(new Int16Array(COUNT), (i) => (i % 300) - 150), { bscale: 1, bzero: 32768 })],
    ['INT32', new FitsImage(32, SHAPE, fill(new Int32Array(COUNT), (i) => (i % 7 === 0 ? 2 ** 31 - 1 : Math.floor(next() * 2 ** 32) | 0)))],
    ['FLOAT32', new FitsImage(-32, SHAPE, fill(new Float32Array(COUNT), (i) => (i === 100 ? Number.NaN : (next() - 0.5) * 1e5)))],
    ['FLOAT64', new FitsImage(-64, SHAPE, fill(new Float64Array(COUNT), () => Math.exp(next() * 100)))],
  ];
}

describeInterop('compressed images written by gen2to3 read back identically in astropy', () => {
  it('RICE_1, GZIP_1, GZIP_2, NOCOMPRESS, PLIO_1, quantised floats', async () => {
    const expected = new Map<string, Float64Array>();
    const specs: HduSpec[] = [{ kind: 'image' }];
    for (const algorithm of ['RICE_1', 'GZIP_1', 'GZIP_2', 'NOCOMPRESS'] satisfies CompressionAlgorithm[]) {
      for (const [name, image] of images()) {
        if (algorithm === 'RICE_1' && image.bitpix < 0) continue;
        const extname = `${name}_${algorithm}`;
        specs.push(compressImage(image, { algorithm, tile: [10, 7], header: new FitsHeader().set('EXTNAME', extname) }));
        expected.set(extname, Float64Array.from(image.physical()));
      }
    }
    const labels = Int32Array.from({ length: COUNT }, (_, i) => (i < 300 ? 0 : i % 11 === 0 ? 2 ** 24 - 1 : Math.floor(i / 50)));
    for (const [name, image] of [
      ['PLIO_UINT8', new FitsImage(8, SHAPE, Uint8Array.from(labels, (value) => value % 256))],
      ['PLIO_INT16', new FitsImage(16, SHAPE, Int16Array.from(labels, (value) => value % 32768))],
      ['PLIO_INT32', new FitsImage(32, SHAPE, labels)],
    ] as const) {
      specs.push(compressImage(image, { algorithm: 'PLIO_1', tile: [57, 3], header: new FitsHeader().set('EXTNAME', name) }));
      expected.set(name, Float64Array.from(image.physical()));
    }
    const noisy = images()[4]?.[1] as FitsImage;
    const floats = Float32Array.from(noisy.data as Float32Array, (value, i) => (i >= 40 && i < 50 ? 0 : i >= 57 * 20 ? 2.5 : value));
    for (const [bitpix, data] of [[-32, floats], [-64, Float64Array.from(floats, (value) => value * 1.5)]] as const) {
      for (const algorithm of ['RICE_1', 'GZIP_1', 'GZIP_2', 'NOCOMPRESS'] satisfies CompressionAlgorithm[]) {
        for (const method of ['NO_DITHER', 'SUBTRACTIVE_DITHER_1', 'SUBTRACTIVE_DITHER_2'] as const) {
          const extname = `Q${bitpix}_${algorithm}_${method}`;
          const quantize = { method, level: method === 'NO_DITHER' ? -0.25 : 8, dither0: 9990 };
          specs.push(compressImage(new FitsImage(bitpix, SHAPE, data), { algorithm, tile: [10, 7], quantize, header: new FitsHeader().set('EXTNAME', extname) }));
          expected.set(extname, new Float64Array(0)); // filled from our own decoding below
        }
      }
    }
    const file = path.join(tmpDir('gen2to3-fits-compress-'), 'written.fits');
    const bytes = writeFits(specs);
    writeFileSync(file, bytes);
    for (const hdu of parseFits(bytes, file).hdus) {
      const name = hdu.header.getString('EXTNAME') ?? '';
      if (hdu.kind === 'compressed-image' && name.startsWith('Q')) expected.set(name, Float64Array.from(hdu.image().physical()));
    }
    const hdus = await runPythonJson<{ name: string; kind: string; dtype: string; shape: number[]; dump: string }[]>(READ_BACK, [file]);
    expect(hdus.map((hdu) => hdu.name)).toEqual([...expected.keys()]);
    for (const hdu of hdus) {
      expect(hdu.kind, hdu.name).toBe('CompImageHDU');
      expect(hdu.shape, hdu.name).toEqual([...SHAPE].reverse());
      const bytes = readFileSync(hdu.dump);
      const theirs = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
      const ours = expected.get(hdu.name) as Float64Array;
      const differing = ours.findIndex((value, i) => !Object.is(value, theirs[i]));
      expect(differing, `${hdu.name} (${hdu.dtype})`).toBe(-1);
    }
  }, 120_000);
});
