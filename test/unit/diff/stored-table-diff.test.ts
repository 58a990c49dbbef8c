import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffFits, diffFitsFiles } from '../../../src/diff/fits-diff.js';
import { ASTROPY_FITSDIFF_OPTIONS, PARITY_FITS_OPTIONS } from '../../../src/diff/fits-diff-options.js';
import { streamedTableFiles } from '../../../src/diff/streamed-tables.js';
import { parseFits, writeFits } from '../../../src/fits/fits-file.js';
import { diffTableData, type TableDataDiffOptions } from '../../../src/diff/table-data-diff.js';
import { binTableView, type TableView } from '../../../src/diff/table-view.js';
import { PARITY_TOLERANCE } from '../../../src/diff/tolerance.js';
import type { BinTableHdu } from '../../../src/fits/hdu.js';
import { binTable, fitsOf, image, type ColumnSpec } from './fits-builders.js';

/** The table as the comparators see it, with its stored rows (the fast path) or without (decoded values only). */
function view(columns: ColumnSpec[], stored: boolean): TableView {
  const hdu = fitsOf([image(undefined, []), binTable(columns)]).hdus[1] as BinTableHdu;
  const full = binTableView(hdu.table(), hdu.header, hdu.rawData());
  if (stored) {
    expect(full.stored).toBeDefined();
    return full;
  }
  return { rowCount: full.rowCount, columns: full.columns.map(({ storedField: _, ...column }) => column) };
}

const n = 70;
const base = (): ColumnSpec[] => [
  { name: 'id', tform: 'K', values: Array.from({ length: n }, (_, i) => 2n ** 60n + BigInt(i)) },
  { name: 'flux', tform: 'E', values: Array.from({ length: n }, (_, i) => i * 1.5 - 20) },
  { name: 'ra', tform: 'D', values: Array.from({ length: n }, (_, i) => i / 7) },
  { name: 'count', tform: 'J', values: Array.from({ length: n }, (_, i) => i * 3) },
  { name: 'small', tform: 'I', values: Array.from({ length: n }, (_, i) => i - 30) },
  { name: 'label', tform: '3A', values: Array.from({ length: n }, (_, i) => `r${i}`) },
  { name: 'vec', tform: '2E', values: Array.from({ length: n }, (_, i) => [i, -i]) },
];

function edited(edit: (columns: Record<string, unknown[]>) => void): ColumnSpec[] {
  const columns = base().map((c) => ({ ...c, values: [...c.values] }));
  edit(Object.fromEntries(columns.map((c) => [c.name, c.values as unknown[]])));
  return columns;
}

const a = edited((c) => {
  (c.flux as number[])[3] = Number.NaN;
  (c.flux as number[])[4] = Number.NaN;
  (c.flux as number[])[5] = Number.POSITIVE_INFINITY;
  (c.ra as number[])[6] = -0;
  (c.ra as number[])[9] = Number.NaN;
});
const b = edited((c) => {
  (c.flux as number[])[3] = Number.NaN; // NaN vs NaN: equal
  (c.flux as number[])[4] = 1; // NaN vs finite
  (c.flux as number[])[5] = Number.NEGATIVE_INFINITY;
  (c.flux as number[])[40] = (c.flux as number[])[40] as number + 1e-6;
  (c.flux as number[])[66] = 1e30;
  (c.ra as number[])[6] = 0; // -0 vs +0: equal values
  (c.ra as number[])[9] = Number.NaN;
  (c.ra as number[])[50] = ((c.ra as number[])[50] as number) * (1 + 1e-12);
  (c.id as bigint[])[33] = 5n;
  (c.count as number[])[69] = -1;
  (c.small as number[])[0] = 7;
  (c.label as string[])[12] = 'zz';
  (c.vec as number[][])[20] = [20, 0];
});

describe('table comparison on stored bytes', () => {
  const options: Partial<TableDataDiffOptions>[] = [{}, { tolerance: PARITY_TOLERANCE }, { maxReportedValues: -1 }];
  for (const opts of options) {
    it(`gives the decoded comparison's result ${JSON.stringify(opts)}`, () => {
      const expected = diffTableData(view(a, false), view(b, false), opts);
      expect(expected.differingValues).toBeGreaterThan(5);
      expect(diffTableData(view(a, true), view(b, true), opts)).toEqual(expected);
    });
  }

  it('gives the same result for identical tables', () => {
    expect(diffTableData(view(a, true), view(a, true))).toEqual(diffTableData(view(a, false), view(a, false)));
  });
});

describe('diffFitsFiles on files of tables (rows streamed)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gen2to3-tables-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const numeric = (columns: ColumnSpec[]): ColumnSpec[] => columns.filter((c) => c.name !== 'label');
  const many = (columns: ColumnSpec[]): ColumnSpec[] => columns.map((c) => ({ ...c, values: Array.from({ length: 400 }, (_, i) => c.values[i % n] as ColumnSpec['values'][number]) }));
  const cases: [string, ColumnSpec[], ColumnSpec[], boolean][] = [
    ['numeric columns', numeric(a), numeric(b), true],
    ['numeric columns, 400 rows', many(numeric(a)), many(numeric(b)), true],
    ['identical', numeric(a), numeric(a), true],
    ['with a string column (read in full)', a, b, false],
    ['different row counts', numeric(a), numeric(a).map((c) => ({ ...c, values: c.values.slice(1) })), false],
    ['columns in another order', numeric(a), [...numeric(b)].reverse(), false],
  ];
  for (const [name, x, y, streams] of cases) {
    for (const options of [{}, { tolerance: PARITY_TOLERANCE, maxReportedValues: -1 }, PARITY_FITS_OPTIONS]) {
      it(`gives the full comparison's result: ${name} ${options === PARITY_FITS_OPTIONS ? '(parity options)' : JSON.stringify(options)}`, async () => {
        const bytesA = writeFits([image(undefined, []), binTable(x), binTable(y)]);
        const bytesB = writeFits([image(undefined, []), binTable(y), binTable(x)]);
        const fileA = path.join(dir, 'a.fits');
        const fileB = path.join(dir, 'b.fits');
        writeFileSync(fileA, bytesA);
        writeFileSync(fileB, bytesB);
        expect(await diffFitsFiles(fileA, fileB, options)).toEqual(diffFits(parseFits(bytesA, fileA), parseFits(bytesB, fileB), options));
        expect((await streamedTableFiles(fileA, fileB, { ...ASTROPY_FITSDIFF_OPTIONS, ...options })) !== undefined).toBe(streams);
      });
    }
  }
});
