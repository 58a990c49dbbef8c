import { describe, expect, it } from 'vitest';
import { checkPlan, ConflictingDatasetsError, dataIdKeyText, UnrepairableValidityError } from '../../../../src/convert/apply/index.js';
import { PLAN_FORMAT_VERSION, type ConversionPlan, type PlannedDataset } from '../../../../src/convert/plan/index.js';

function plan(datasets: PlannedDataset[], validityIssues: ConversionPlan['validityIssues'] = []): ConversionPlan {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    instrument: 'X',
    instrumentClass: 'x.X',
    mapperClass: 'XMapper',
    gen2Root: '/g2',
    calibRoots: [],
    reruns: [],
    instrumentRecords: { instrument: { name: 'X', class_name: 'x.X' }, detector: [], physical_filter: [] },
    datasetTypes: [],
    collections: [],
    datasets,
    certifications: [],
    validityIssues,
    ignored: [],
    skipped: [],
    unrecognized: [],
    totals: { files: 0, convertedFiles: 0, datasets: 0, ignored: 0, skipped: 0, unrecognized: 0 },
  };
}

const raw = (path: string, detector: number, hdu?: number): PlannedDataset => ({
  datasetType: 'raw',
  run: 'X/raw/all',
  dataId: { instrument: 'X', exposure: 1, detector },
  path,
  relPath: path.slice(1),
  source: 'root',
  formatter: 'f',
  ...(hdu !== undefined ? { hdu } : {}),
});

describe('checkPlan', () => {
  it('accepts one file per dataset, and one multi-extension file giving several datasets', () => {
    expect(() => checkPlan(plan([raw('/a.fits', 1), raw('/a.fits', 2, 2), raw('/b.fits', 3)]))).not.toThrow();
  });

  it('rejects two files for the same dataset type, RUN and data ID, naming both', () => {
    const err = (() => {
      try {
        checkPlan(plan([raw('/a.fits', 1), raw('/a.fits.gz', 1), raw('/b.fits', 2)]));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConflictingDatasetsError);
    expect((err as ConflictingDatasetsError).conflicts).toEqual([{ datasetType: 'raw', run: 'X/raw/all', dataId: 'detector=1,exposure=1,instrument=X', paths: ['/a.fits', '/a.fits.gz'] }]);
    expect((err as ConflictingDatasetsError).exitCode).toBe(2);
  });

  it('lists every conflict once, in the order of its first dataset, with all its files sorted (a repeated file is no conflict)', () => {
    const datasets = [raw('/z.fits', 2), raw('/b.fits', 1), raw('/b.fits', 1), raw('/y.fits', 2), raw('/a.fits', 1), raw('/x.fits', 2), raw('/c.fits', 3), raw('/c.fits', 3)];
    let err: unknown;
    try {
      checkPlan(plan(datasets));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConflictingDatasetsError);
    expect((err as ConflictingDatasetsError).conflicts).toEqual([
      { datasetType: 'raw', run: 'X/raw/all', dataId: 'detector=2,exposure=1,instrument=X', paths: ['/x.fits', '/y.fits', '/z.fits'] },
      { datasetType: 'raw', run: 'X/raw/all', dataId: 'detector=1,exposure=1,instrument=X', paths: ['/a.fits', '/b.fits'] },
    ]);
    expect(() => checkPlan(plan([raw('/c.fits', 3), raw('/c.fits', 3), { ...raw('/c.fits', 3), run: 'X/other' }]))).not.toThrow();
  });

  it('rejects overlaps the repair rule left, but not gaps or repaired overlaps', () => {
    const issue = { datasetType: 'bias', dataId: { instrument: 'X', detector: 1 }, previousEnd: '200', nextBegin: '100' };
    expect(() => checkPlan(plan([], [{ ...issue, kind: 'gap', repaired: false }, { ...issue, kind: 'overlap', repaired: true }]))).not.toThrow();
    expect(() => checkPlan(plan([], [{ ...issue, kind: 'overlap', repaired: false }]))).toThrow(UnrepairableValidityError);
  });

  it('keys data IDs independently of key order', () => {
    expect(dataIdKeyText({ b: 1, a: 'x' })).toBe(dataIdKeyText({ a: 'x', b: 1 }));
  });
});
