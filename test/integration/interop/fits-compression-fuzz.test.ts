// Damaged compressed images written by astropy (every algorithm, quantised floats): each random mutation
// must give a FitsError or an image, never another exception or a hang.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { FitsError, parseFits, type CompressedImageHdu } from '../../../src/fits/index.js';
import { describeInterop, runPython } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const WRITE = String.raw`
import os, sys
import numpy as np
from astropy.io import fits
rng = np.random.default_rng(7)
ints = rng.integers(0, 3000, size=(24, 30)).astype(np.int32)
floats = rng.normal(0, 10, size=(24, 30)).astype(np.float32)
floats[2, 3] = np.nan
for alg, data in [('RICE_1', ints), ('GZIP_1', floats), ('GZIP_2', ints), ('PLIO_1', ints), ('HCOMPRESS_1', ints), ('HCOMPRESS_1', floats), ('RICE_1', floats), ('NOCOMPRESS', floats)]:
    name = f'{alg}-{data.dtype}.fits'
    fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(data, compression_type=alg, tile_shape=(8, 10))]).writeto(os.path.join(sys.argv[1], name))
    print(name)
`;

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

describeInterop('fuzzed compressed images', () => {
  let files: string[] = [];
  beforeAll(async () => {
    const dir = tmpDir('gen2to3-fits-fuzz-');
    files = (await runPython(WRITE, [dir])).trim().split('\n').map((name) => path.join(dir, name));
  }, 120_000);

  it('give a FitsError or an image for 400 mutations of the data unit', () => {
    const next = random(2026);
    const outcomes = { ok: 0, error: 0 };
    for (const file of files) {
      const original = readFileSync(file);
      const hdu = parseFits(original, file).hdus[1] as CompressedImageHdu;
      expect(hdu.image().data.length).toBe(720);
      for (let trial = 0; trial < 50; trial++) {
        const bytes = Uint8Array.from(original);
        const mutations = 1 + Math.floor(next() * 3);
        for (let m = 0; m < mutations; m++) {
          const at = hdu.dataOffset + Math.floor(next() * hdu.dataSize);
          bytes[at] = next() < 0.5 ? Math.floor(next() * 256) : (bytes[at] as number) ^ (1 << Math.floor(next() * 8));
        }
        try {
          const damaged = parseFits(bytes, 'fuzz.fits').hdus[1];
          if (damaged?.kind === 'compressed-image') damaged.image();
          outcomes.ok++;
        } catch (err) {
          if (!(err instanceof FitsError)) throw new Error(`${path.basename(file)} trial ${trial}: ${String(err)}`, { cause: err });
          outcomes.error++;
        }
      }
    }
    expect(outcomes.ok + outcomes.error).toBe(400);
    expect(outcomes.error).toBeGreaterThan(0);
  }, 120_000);
});
