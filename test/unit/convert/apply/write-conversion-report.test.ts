import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConvertedList } from '../../../../src/convert/apply/converted-list.js';
import type { ConversionReport } from '../../../../src/convert/apply/conversion-report.js';
import { writeConversionReport } from '../../../../src/convert/apply/write-conversion-report.js';
import type { PlannedDataset } from '../../../../src/convert/plan/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(n: number, extra: Partial<ConversionReport> = {}): ConversionReport {
  const planned: PlannedDataset[] = Array.from({ length: n }, (_, i) => ({
    datasetType: i % 2 ? 'calexp' : 'raw',
    run: i % 2 ? 'HSC/runs/x' : 'HSC/raw/all',
    dataId: { instrument: 'HSC', exposure: 1000 + i, detector: i % 104 },
    path: `/g2/"quoted"\n/é/${i}.fits`,
    relPath: `é/${i}.fits`,
    source: 'root',
    formatter: 'F',
    ...(i % 5 === 0 ? { hdu: i % 7 } : {}),
  }));
  const converted = new ConvertedList(planned);
  planned.forEach((_, i) => converted.add(i, `00000000-0000-5000-8000-${String(i).padStart(12, '0')}`, i % 3 ? 'inserted' : 'present'));
  return {
    formatVersion: 1,
    instrument: 'HSC',
    gen2Root: '/g2',
    repo: '/g3',
    transfer: 'direct',
    collections: [{ name: 'HSC/defaults', type: 'CHAINED', children: ['HSC/raw/all'] }, { name: 'HSC/raw/all', type: 'RUN' }],
    datasetTypes: ['raw', 'calexp'],
    datasets: { planned: n, inserted: n, present: 0, notConverted: 0 },
    runs: { 'HSC/raw/all': { raw: n } },
    certifications: { planned: 0, inserted: 0, present: 0 },
    dimensionRecords: { exposure: { planned: 2, inserted: 2 } },
    batches: { total: 1, written: 1, size: 10 },
    validityIssues: [],
    converted: converted.list(),
    notConverted: [],
    ignored: [{ path: 'x', source: 'root', reason: 'r', count: 2 }],
    skipped: [],
    unrecognized: [],
    totals: { files: n, convertedFiles: n, datasets: n, ignored: 2, skipped: 0, unrecognized: 0 },
    seconds: 1.5,
    ...extra,
  };
}

describe('writeConversionReport', () => {
  it.each([
    ['empty lists', report(0)],
    ['one dataset, verify undefined', report(1, { verify: undefined })],
    ['several thousand datasets (several chunks), nested verify', report(5000, { verify: { ok: false, mismatches: [{ a: [1, { b: null }] }] } })],
  ])('writes exactly JSON.stringify(report, null, 2) + newline: %s', (_, r) => {
    const file = path.join(dir, 'report.json');
    writeConversionReport(file, r);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(`${JSON.stringify(r, null, 2)}\n`);
    expect((JSON.parse(text) as ConversionReport).converted).toHaveLength(r.converted.length);
  });

  it('replaces an existing report whole, and a failed write leaves neither a partial file nor a temporary one', () => {
    const sub = path.join(dir, 'replace');
    mkdirSync(sub);
    const file = path.join(sub, 'report.json');
    writeFileSync(file, 'old');
    writeConversionReport(file, report(3));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report(3))));
    expect(readdirSync(sub)).toEqual(['report.json']);
    // a directory in the way of the rename: the write fails, the directory and nothing else remain
    const blocked = path.join(sub, 'blocked.json');
    mkdirSync(path.join(blocked, 'inside'), { recursive: true });
    expect(() => writeConversionReport(blocked, report(2))).toThrow();
    expect(readdirSync(sub).sort()).toEqual(['blocked.json', 'report.json']);
  });
});
