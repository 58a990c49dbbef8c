import { describe, expect, it } from 'vitest';
import { CONVERSION_REPORT_FORMAT_VERSION, renderConversionSummary, withVisits, type ConversionReport } from '../../../../src/convert/apply/index.js';

const report: ConversionReport = {
  formatVersion: CONVERSION_REPORT_FORMAT_VERSION,
  instrument: 'X',
  gen2Root: '/g2',
  repo: '/g3',
  transfer: 'auto',
  collections: [
    { name: 'X/raw/all', type: 'RUN' },
    { name: 'X/defaults', type: 'CHAINED', children: ['X/raw/all'] },
  ],
  datasetTypes: ['raw'],
  datasets: { planned: 3, inserted: 1, present: 2, notConverted: 0 },
  runs: { 'X/raw/all': { raw: 3 } },
  certifications: { planned: 0, inserted: 0, present: 0 },
  dimensionRecords: { exposure: { planned: 2, inserted: 1 } },
  batches: { total: 2, written: 1, size: 2 },
  validityIssues: [],
  converted: [],
  notConverted: [],
  ignored: [{ path: '_mapper', source: 'root', reason: 'fileIgnorePatterns _mapper', count: 1 }],
  skipped: [{ path: 'x', source: 'root', reason: 'why', count: 2 }],
  unrecognized: [{ path: '.', source: 'root', reason: 'unrecognized entries: a', count: 1 }],
  totals: { files: 7, convertedFiles: 3, datasets: 3, ignored: 1, skipped: 2, unrecognized: 1 },
  seconds: 1,
};

describe('renderConversionSummary', () => {
  it('summarises datasets, runs, records, visits, collections and accounts for every file', () => {
    const text = renderConversionSummary(withVisits(report, { visitSystem: 'one-to-one', defined: 1, present: 1, skipped: 0 }));
    expect(text).toContain('Converted /g2 → /g3 (instrument X, transfer auto)');
    expect(text).toContain('Datasets: 1 inserted, 2 already present, 0 not converted (of 3 planned) in 1/2 batch(es) of up to 2');
    expect(text).toContain('  X/raw/all: 3 raw');
    expect(text).toContain('exposure 1/2 new');
    expect(text).toContain('Visits (one-to-one): 1 defined, 1 already defined');
    expect(text).toContain('CHAINED     X/defaults → [X/raw/all]');
    expect(text).toContain('Files: 7 = 3 converted (3 datasets) + 1 ignored + 2 skipped + 1 unrecognized');
    expect(text).toContain('butler write-curated-calibrations /g3 X');
    expect(renderConversionSummary(report)).not.toContain('Visits');
  });
});
