// The Python side of the fitsdiff benchmark: the interop venv's astropy writes the inputs and times
// `FITSDiff` in a long-lived subprocess, so that its timings interleave with ours without paying for
// the interpreter start and the astropy import on every call.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';

/** What the generator writes into the benchmark's temporary directory (all readable by astropy). */
export const FITSDIFF_INPUTS = {
  imageA: 'image_a.fits',
  imageACopy: 'image_a_copy.fits',
  imageB: 'image_b.fits',
  gzip2A: 'gzip2_a.fits',
  gzip2B: 'gzip2_b.fits',
  rice1A: 'rice1_a.fits',
  rice1B: 'rice1_b.fits',
  tableA: 'table_a.fits',
  tableB: 'table_b.fits',
} as const;

/**
 * argv: out_dir side rows. A `side`² float32 image of N(0, 100²) noise; b adds 1.0 to 0.1% of its pixels
 * (distinct, random). The same a/b pair tile-compressed (row tiles, astropy's default): GZIP_2 lossless
 * (quantize_level 0), RICE_1 with an absolute quantization step of 0.01 and SUBTRACTIVE_DITHER_1 seed 1
 * (a fixed seed, so the unchanged pixels decompress to the same values on both sides). A table of
 * `rows` rows and seven numeric columns (K, D, D, E, E, J, I); b adds 1.0 to `flux` in 0.1% of the rows.
 */
const GENERATE = String.raw`
import json, os, sys
import numpy as np
from astropy.io import fits
out, side, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
p = lambda name: os.path.join(out, name)
rng = np.random.default_rng(20261125)
a = (rng.standard_normal((side, side), dtype=np.float32) * np.float32(100)).astype('>f4')
b = a.copy()
k = round(a.size * 0.001)
b.flat[rng.choice(a.size, size=k, replace=False)] += np.float32(1.0)
fits.PrimaryHDU(a).writeto(p('image_a.fits'))
fits.PrimaryHDU(a).writeto(p('image_a_copy.fits'))
fits.PrimaryHDU(b).writeto(p('image_b.fits'))
for name, kw in (('gzip2', dict(compression_type='GZIP_2', quantize_level=0.0)),
                 ('rice1', dict(compression_type='RICE_1', quantize_level=-0.01, quantize_method=1, dither_seed=1))):
    for tag, data in (('a', a), ('b', b)):
        fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(data, **kw)]).writeto(p(f'{name}_{tag}.fits'))
ids = np.arange(rows, dtype=np.int64)
cols = dict(
    id=('K', ids * 7 + 3),
    ra=('D', rng.uniform(0, 360, rows)),
    dec=('D', rng.uniform(-90, 90, rows)),
    flux=('E', rng.standard_normal(rows).astype(np.float32) * np.float32(1000)),
    flux_err=('E', rng.uniform(1, 10, rows).astype(np.float32)),
    flags=('J', rng.integers(0, 2**20, rows, dtype=np.int32)),
    nobs=('I', rng.integers(0, 300, rows, dtype=np.int16)),
)
def table(changed):
    columns = []
    for name, (fmt, values) in cols.items():
        values = values.copy()
        if name == 'flux' and changed is not None:
            values[changed] += np.float32(1.0)
        columns.append(fits.Column(name=name, format=fmt, array=values))
    return fits.BinTableHDU.from_columns(columns)
fits.HDUList([fits.PrimaryHDU(), table(None)]).writeto(p('table_a.fits'))
fits.HDUList([fits.PrimaryHDU(), table(rng.choice(rows, size=round(rows * 0.001), replace=False))]).writeto(p('table_b.fits'))
print(json.dumps({'changedPixels': int(k), 'changedRows': round(rows * 0.001)}))
`;

/**
 * A request per line (`{"a": path, "b": path}`), a JSON answer per line: the wall time of
 * `FITSDiff(a, b)` (which opens, reads and compares both files) by `time.perf_counter`, whether it found
 * them identical, and the differing values its data diffs counted (`diff_total`).
 */
const SERVE = String.raw`
import json, sys, time
import astropy, numpy
from astropy.io.fits import FITSDiff
try:
    from threadpoolctl import threadpool_info
    blas = [f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}" for i in threadpool_info()]
except Exception as e:
    blas = [f'unknown ({e})']
print(json.dumps({'astropy': astropy.__version__, 'numpy': numpy.__version__, 'blas': blas}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    t0 = time.perf_counter()
    d = FITSDiff(req['a'], req['b'])
    ms = (time.perf_counter() - t0) * 1000
    total = 0
    for entry in d.diff_hdus:
        data = entry[1].diff_data
        if data is not None:
            total += int(getattr(data, 'diff_total', 0) or 0)
    print(json.dumps({'ms': ms, 'identical': bool(d.identical), 'differing': total}), flush=True)
`;

/** Environment for the Python side: no user site, and OpenBLAS free to pick its kernel (see the env notes). */
function pythonEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
  // Set on some machines for old OpenBLAS builds; they slow a current numpy down, so unset both together.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** The interop venv's python (`GEN2TO3_INTEROP_VENV`, default `.venv/interop`), or a reason it is unusable. */
export function interopPython(root: string): string {
  const venv = path.resolve(root, process.env.GEN2TO3_INTEROP_VENV ?? path.join('.venv', 'interop'));
  const python = path.join(venv, 'bin', 'python');
  if (!existsSync(python)) throw new Error(`the fitsdiff benchmark needs astropy from the interop virtualenv, and ${python} does not exist (see test/README.md)`);
  return python;
}

/** Writes the inputs into `dir` with astropy. */
export function generateInputs(python: string, dir: string, side: number, rows: number): { changedPixels: number; changedRows: number } {
  const r = spawnSync(python, ['-c', GENERATE, dir, String(side), String(rows)], { env: pythonEnv(), encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  if (r.error || r.status !== 0) throw new Error(`generating the inputs with astropy failed: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout) as { changedPixels: number; changedRows: number };
}

/** One timed `FITSDiff` call. */
export interface AstropyTiming {
  readonly ms: number;
  readonly identical: boolean;
  readonly differing: number;
}

/** What the Python side runs. */
export interface AstropyVersions {
  readonly astropy: string;
  readonly numpy: string;
  readonly blas: readonly string[];
}

/** A long-lived Python process timing astropy `FITSDiff` on request. */
export class AstropyFitsDiff {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: Interface;
  readonly #queue: ((line: string | undefined) => void)[] = [];
  #stderr = '';

  private constructor(python: string) {
    this.#child = spawn(python, ['-c', SERVE], { env: pythonEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.on('error', (err) => {
      this.#stderr += `cannot start ${python}: ${err.message}`;
    });
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.#lines = createInterface({ input: this.#child.stdout });
    this.#lines.on('line', (line) => this.#queue.shift()?.(line));
    this.#lines.on('close', () => {
      for (const waiting of this.#queue.splice(0)) waiting(undefined);
    });
  }

  /** Starts the process; resolves once astropy is imported. */
  static async start(python: string): Promise<{ server: AstropyFitsDiff; versions: AstropyVersions }> {
    const server = new AstropyFitsDiff(python);
    const versions = JSON.parse(await server.#next()) as AstropyVersions;
    return { server, versions };
  }

  /** Times `FITSDiff(a, b)` inside Python. */
  async diff(a: string, b: string): Promise<AstropyTiming> {
    const answer = this.#next();
    this.#child.stdin.write(`${JSON.stringify({ a, b })}\n`);
    return JSON.parse(await answer) as AstropyTiming;
  }

  /** Ends the process (closing its input ends its loop). */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#child.once('close', () => resolve()));
    this.#child.stdin.end();
    await exited;
  }

  #next(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#queue.push((line) => (line === undefined ? reject(new Error(`the astropy process ended early:\n${this.#stderr}`)) : resolve(line)));
    });
  }
}
