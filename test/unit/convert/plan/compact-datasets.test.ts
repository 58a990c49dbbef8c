import { describe, expect, it } from 'vitest';
import { compactDatasets } from '../../../../src/convert/plan/compact-datasets.js';
import type { PlannedDataset } from '../../../../src/convert/plan/index.js';

const datasets: PlannedDataset[] = [
  { datasetType: 'raw', run: 'HSC/raw/all', dataId: { instrument: 'HSC', exposure: 1000, detector: 0 }, path: '/g2/SSP/HSC-0001000-000.fits', relPath: 'SSP/HSC-0001000-000.fits', source: 'root', formatter: 'RawFormatter' },
  { datasetType: 'raw', run: 'DECam/raw/all', dataId: { instrument: 'DECam', exposure: 7, detector: 2 }, path: '/g2/r.fits.fz', relPath: 'r.fits.fz', source: 'root', formatter: 'RawFormatter', hdu: 0 },
  { datasetType: 'bias', run: 'HSC/calib/20150101T000000Z', dataId: { instrument: 'HSC', detector: 3 }, path: '/cal/BIAS/b.fits', relPath: 'BIAS/b.fits', source: 'calib', formatter: undefined },
  { datasetType: 'calexp', run: 'HSC/runs/x', dataId: { instrument: 'HSC', visit: 9, detector: 1 }, path: '/g2/rerun/x/CORR.fits', relPath: 'CORR.fits', source: 'rerun:rerun/x', formatter: 'F', hdu: 12 },
  // Not base + relPath (refcat-like prefix): kept as is.
  { datasetType: 'ps1', run: 'refcats/gen2', dataId: { htm7: 5 }, path: '/elsewhere/5.fits', relPath: 'ref_cats/ps1/5.fits', source: 'root', formatter: 'G' },
];

describe('compactDatasets', () => {
  const compact = compactDatasets(datasets);

  it('reads back every dataset equal to the original, keys in the same order', () => {
    expect(compact).toHaveLength(datasets.length);
    expect([...compact]).toEqual(datasets);
    compact.forEach((d, i) => {
      expect(Object.keys(d)).toEqual(Object.keys(datasets[i]!));
      expect(d.path).toBe(datasets[i]!.path);
    });
    expect(compact.filter((d) => d.hdu !== undefined).map((d) => d.hdu)).toEqual([0, 12]);
  });

  it('serialises exactly as the plain array', () => {
    expect(JSON.stringify({ datasets: compact }, null, 2)).toBe(JSON.stringify({ datasets }, null, 2));
    expect(JSON.parse(JSON.stringify(compact))).toEqual(JSON.parse(JSON.stringify(datasets)));
  });

  it('is empty for no datasets', () => {
    expect(compactDatasets([])).toEqual([]);
    expect(JSON.stringify(compactDatasets([]))).toBe('[]');
  });
});
