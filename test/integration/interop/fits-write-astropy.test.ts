import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { writeFitsFile } from '../../../src/fits/fits-file.js';
import type { HduSpec } from '../../../src/fits/hdu-spec.js';
import { FitsHeader } from '../../../src/fits/header.js';
import { describeInterop, runPythonJson } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

/** What astropy reports of one HDU: header values we set, and the data as plain lists. */
interface AstropyHdu {
  name: string;
  header: Record<string, unknown>;
  dtype?: string;
  shape?: number[];
  data?: unknown[];
  columns?: Record<string, { format: string; unit: string | null; values: unknown[] }>;
}

const READ_BACK = `
import json, sys, warnings
import numpy as np
from astropy.io import fits
out = []
with warnings.catch_warnings():
    warnings.simplefilter('error')
    hdul = fits.open(sys.argv[1])
    hdul.verify('exception')
with fits.open(sys.argv[1], logical_as_bytes=True) as raw:
    nulls = [x.decode() if isinstance(x, bytes) else str(x) for x in raw[-1].data['flag']]
with hdul, warnings.catch_warnings():
    warnings.simplefilter('ignore')
    for hdu in hdul:
        h = {k: (v if not isinstance(v, bool) else bool(v)) for k, v in hdu.header.items() if k.startswith(('MY', 'LONG', 'HIERARCH', 'ESO'))}
        h.update({k: hdu.header[k] for k in hdu.header if k.startswith('ESO ')})
        item = {'name': hdu.name, 'header': h}
        if isinstance(hdu, fits.BinTableHDU):
            cols = {}
            for c in hdu.columns:
                v = hdu.data[c.name]
                vals = [x.tolist() if hasattr(x, 'tolist') else (x.decode() if isinstance(x, bytes) else x) for x in v]
                cols[c.name] = {'format': str(c.format), 'unit': c.unit, 'values': json.loads(json.dumps(vals, default=lambda o: o.item() if hasattr(o, 'item') else str(o)))}
            item['columns'] = cols
        elif hdu.data is not None:
            a = hdu.data
            item['dtype'] = str(a.dtype)
            item['shape'] = list(a.shape)
            item['data'] = [None if (isinstance(x, float) and x != x) else (str(x) if isinstance(x, float) and abs(x) == float('inf') else x) for x in a.ravel().tolist()]
        out.append(item)
print(json.dumps({'hdus': out, 'logical': nulls}))
`;

describeInterop('files written by gen2to3 read back identically in astropy', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'all.fits');
  let hdus: AstropyHdu[];
  let logicalBytes: string[];

  const header = new FitsHeader()
    .set('MYSTR', "O'Brien's frame", 'a quote inside')
    .set('MYINT', 42)
    .set('MYFLT', 30.0, undefined, { float: true })
    .set('MYBIG', 9007199254740993n)
    .set('MYBOOL', true)
    .set('LONGSTR', 'x'.repeat(150) + ' end', 'continued over CONTINUE cards')
    .set('ESO DET CHIP NAME', 'chip 7');

  const images: HduSpec[] = [
    { kind: 'image', data: Uint8Array.from([0, 1, 255, 128, 7, 9]), shape: [3, 2], header },
    { kind: 'image', data: Int16Array.from([-32768, -1, 0, 1, 32767, 12]), shape: [2, 3] },
    { kind: 'image', data: Uint16Array.from([0, 1, 32768, 65535]), shape: [4] },
    { kind: 'image', data: Int32Array.from([-2147483648, 0, 2147483647, 5]), shape: [2, 2] },
    { kind: 'image', data: Uint32Array.from([0, 4294967295, 2147483648, 3]), shape: [2, 2] },
    { kind: 'image', data: BigInt64Array.from([-9223372036854775808n, 0n, 9223372036854775807n, 17n]), shape: [2, 2] },
    { kind: 'image', data: Float32Array.from([1.5, NaN, -0, 3.4028234663852886e38, Infinity, -1e-30]), shape: [3, 2] },
    { kind: 'image', data: Float64Array.from([Math.PI, NaN, -1e300, 5e-324]), shape: [2, 1, 2] },
    { kind: 'image', data: Int16Array.from([0, 100, -100, 7]), shape: [4], bscale: 0.5, bzero: 10, blank: 7 },
  ];
  const table: HduSpec = {
    kind: 'bintable',
    columns: [
      { name: 'flag', values: [true, false, null] },
      { name: 'bits', values: Uint8Array.from([1, 0, 1, 0, 0, 1, 1, 1, 0]), type: 'X', repeat: 3 },
      { name: 'b', values: Uint8Array.from([0, 200, 255]) },
      { name: 'i', values: Int16Array.from([-5, 0, 5]), unit: 'count' },
      { name: 'j', values: Int32Array.from([-70000, 0, 70000]) },
      { name: 'k', values: BigInt64Array.from([-1n, 0n, 1n << 60n]) },
      { name: 'e', values: Float32Array.from([0.25, -1.5, 3]), unit: 'mag' },
      { name: 'd2', values: Float64Array.from([1, 2, 3, 4, 5, 6]), repeat: 2 },
      { name: 'name', values: ['alpha', 'b', ''] },
      { name: 'c', values: Float32Array.from([1, -1, 0, 2, 3, 0.5]), type: 'C' },
      { name: 'u16', values: Uint16Array.from([0, 40000, 65535]) },
      { name: 'vla', values: [Float32Array.from([1, 2]), Float32Array.from([]), Float32Array.from([3, 4, 5])], variable: 'P' },
    ],
  };

  beforeAll(async () => {
    await writeFitsFile(file, [...images, table]);
    ({ hdus, logical: logicalBytes } = await runPythonJson<{ hdus: AstropyHdu[]; logical: string[] }>(READ_BACK, [file]));
  });

  it('verifies with verify("exception") and no warnings, with every HDU present', () => {
    expect(hdus).toHaveLength(images.length + 1);
  });

  it('reads header values as written (quotes, big ints, reals, CONTINUE, HIERARCH)', () => {
    expect(hdus[0]!.header).toMatchObject({
      MYSTR: "O'Brien's frame",
      MYINT: 42,
      MYFLT: 30.0,
      MYBIG: 9007199254740993,
      MYBOOL: true,
      LONGSTR: 'x'.repeat(150) + ' end',
      'ESO DET CHIP NAME': 'chip 7',
    });
  });

  it('reads every BITPIX and the unsigned conventions with the same values and dtypes', () => {
    const got = hdus.slice(0, images.length).map((h) => [h.dtype, h.shape, h.data]);
    expect(got).toEqual([
      ['uint8', [2, 3], [0, 1, 255, 128, 7, 9]],
      ['>i2', [3, 2], [-32768, -1, 0, 1, 32767, 12]],
      ['uint16', [4], [0, 1, 32768, 65535]],
      ['>i4', [2, 2], [-2147483648, 0, 2147483647, 5]],
      ['uint32', [2, 2], [0, 4294967295, 2147483648, 3]],
      ['>i8', [2, 2], [-9223372036854775808n, 0, 9223372036854775807n, 17].map(Number)],
      ['>f4', [2, 3], [1.5, null, -0, 3.4028234663852886e38, 'inf', -1.0000000031710769e-30]],
      ['>f8', [2, 1, 2], [Math.PI, null, -1e300, 5e-324]],
      ['float32', [4], [10, 60, -40, null]],
    ]);
  });

  it('reads every binary-table column type with the same values', () => {
    const cols = hdus[images.length]!.columns!;
    expect(Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.values]))).toEqual({
      flag: [true, false, false],
      bits: [
        [true, false, true],
        [false, false, true],
        [true, true, false],
      ],
      b: [0, 200, 255],
      i: [-5, 0, 5],
      j: [-70000, 0, 70000],
      k: [-1, 0, 2 ** 60],
      e: [0.25, -1.5, 3],
      d2: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      name: ['alpha', 'b', ''],
      c: ['(1-1j)', '2j', '(3+0.5j)'],
      u16: [0, 40000, 65535],
      vla: [[1, 2], [], [3, 4, 5]],
    });
    expect(logicalBytes).toEqual(['T', 'F', '']); // the undefined logical is stored as a NUL byte (numpy strips it)
    expect(cols.i!.unit).toBe('count');
    expect(cols.e!.unit).toBe('mag');
    expect(cols.u16!.format).toBe('1I'); // with TZERO 32768: astropy presents it as uint16
  });
});
