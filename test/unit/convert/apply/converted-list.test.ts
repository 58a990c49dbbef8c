import { describe, expect, it } from 'vitest';
import { ConvertedList } from '../../../../src/convert/apply/converted-list.js';
import { lazyList } from '../../../../src/convert/lazy-list.js';
import type { ConvertedDataset } from '../../../../src/convert/apply/conversion-report.js';
import type { PlannedDataset } from '../../../../src/convert/plan/index.js';

const planned: PlannedDataset[] = [
  { datasetType: 'raw', run: 'HSC/raw/all', dataId: { instrument: 'HSC', exposure: 1000, detector: 0 }, path: '/g2/a/HSC-0001000-000.fits', relPath: 'a/HSC-0001000-000.fits', source: 'root', formatter: 'F' },
  { datasetType: 'bias', run: 'HSC/calib/20150101T000000Z', dataId: { instrument: 'HSC', detector: 3 }, path: '/g2/CALIB/BIAS/b.fits', relPath: 'BIAS/b.fits', source: 'calib', formatter: 'G' },
  { datasetType: 'raw', run: 'DECam/raw/all', dataId: { instrument: 'DECam', exposure: 7, detector: 2 }, path: '/g2/r.fits.fz', relPath: 'r.fits.fz', source: 'root', formatter: 'F', hdu: 5 },
];

/** What applyPlan pushed before the compact list: one object per converted dataset. */
function materialised(entries: readonly [number, string, ConvertedDataset['status']][]): ConvertedDataset[] {
  return entries.map(([i, id, status]) => {
    const d = planned[i]!;
    return { path: d.path, relPath: d.relPath, source: d.source, datasetType: d.datasetType, run: d.run, dataId: d.dataId, id, ...(d.hdu !== undefined ? { hdu: d.hdu } : {}), status };
  });
}

describe('ConvertedList', () => {
  const entries: [number, string, ConvertedDataset['status']][] = [
    [2, '0f1e2d3c-4b5a-5968-8776-a5b4c3d2e1f0', 'inserted'],
    [0, 'ffffffff-0000-5000-8000-000000000001', 'present'],
    [1, 'not-a-uuid', 'inserted'],
  ];

  it('round-trips every entry (index, id, status) and serialises as the materialised array', () => {
    const list = new ConvertedList(planned);
    for (const [i, id, status] of entries) list.add(i, id, status);
    const view = list.list();
    const expected = materialised(entries);
    expect(view.length).toBe(3);
    expect(Array.isArray(view)).toBe(true);
    expect([...view]).toEqual(expected);
    expect(view.map((c) => c.id)).toEqual(entries.map((e) => e[1]));
    expect(view.filter((c) => c.status === 'present').map((c) => c.relPath)).toEqual(['a/HSC-0001000-000.fits']);
    expect(JSON.stringify({ converted: view }, null, 2)).toBe(JSON.stringify({ converted: expected }, null, 2));
    expect(Object.keys(view[0]!)).toEqual(Object.keys(expected[0]!));
    expect(view[3]).toBeUndefined();
  });

  it('grows past the plan size it was made for', () => {
    const list = new ConvertedList(planned);
    const many = Array.from({ length: 40 }, (_, k): [number, string, ConvertedDataset['status']] => [k % 3, `00000000-0000-5000-8000-${String(k).padStart(12, '0')}`, k % 2 ? 'present' : 'inserted']);
    for (const [i, id, status] of many) list.add(i, id, status);
    expect(list.list()).toHaveLength(40);
    expect(JSON.stringify(list.list())).toBe(JSON.stringify(materialised(many)));
  });
});

describe('lazyList', () => {
  it('behaves as a read-only array of made-on-read items', () => {
    let reads = 0;
    const list = lazyList(4, (i) => {
      reads += 1;
      return { n: i * i };
    });
    expect(reads).toBe(0);
    expect(list.length).toBe(4);
    expect(1 in list).toBe(true);
    expect(4 in list).toBe(false);
    expect(list.slice(1, 3)).toEqual([{ n: 1 }, { n: 4 }]);
    expect(Object.keys(list)).toEqual(['0', '1', '2', '3']);
    expect(JSON.stringify(list)).toBe('[{"n":0},{"n":1},{"n":4},{"n":9}]');
    expect(() => ((list as { n: number }[])[0] = { n: 5 })).toThrow(TypeError);
    expect(() => (list as { n: number }[]).push({ n: 1 })).toThrow(TypeError);
    expect(lazyList(0, () => 1)).toEqual([]);
  });
});
