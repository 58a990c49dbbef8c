import { describe, expect, it } from 'vitest';
import { diffFits } from '../../../src/diff/fits-diff.js';
import type { TableDataDiff } from '../../../src/diff/table-data-diff.js';
import { binTable, fitsOf, image, type ColumnSpec } from './fits-builders.js';

const ids = [1, 2, 3, 4];
const columns = (overrides: Partial<Record<string, Partial<ColumnSpec>>> = {}): ColumnSpec[] =>
  [
    { name: 'id', tform: 'K', values: ids.map(BigInt) },
    { name: 'flux', tform: 'E', values: [10, 20, 30, 40], unit: 'count' },
    { name: 'label', tform: '4A', values: ['a', 'b', 'c', 'd'] },
    { name: 'vec', tform: '2D', values: [[1, 2], [3, 4], [5, 6], [7, 8]] },
  ].map((column) => ({ ...column, ...overrides[column.name] }));

function tableDiff(a: ColumnSpec[], b: ColumnSpec[], options: Parameters<typeof diffFits>[2] = {}): TableDataDiff {
  const diff = diffFits(fitsOf([image(undefined, []), binTable(a)]), fitsOf([image(undefined, []), binTable(b)]), options);
  const data = diff.hdus[1]?.data;
  if (data?.kind !== 'table') throw new Error(`expected a table diff, got ${data?.kind}`);
  return data;
}

describe('table data comparison (astropy TableDataDiff)', () => {
  it('is identical for equal tables', () => {
    const diff = tableDiff(columns(), columns());
    expect(diff.identical).toBe(true);
    expect(diff.summary).toBe('4 rows identical');
  });

  it('counts differing cells per column and lists them with row numbers', () => {
    const diff = tableDiff(columns(), columns({ flux: { values: [10, 21, 30, 41] }, label: { values: ['a', 'b', 'x', 'd'] } }));
    expect(diff.differingValues).toBe(3);
    expect(diff.valueCount).toBe(16);
    expect(diff.values).toEqual([
      { column: 'flux', row: 1, a: 20, b: 21 },
      { column: 'flux', row: 3, a: 40, b: 41 },
      { column: 'label', row: 2, a: 'c', b: 'x' },
    ]);
    expect(diff.columns.find((c) => c.column === 'flux')?.stats?.maxAbs).toBe(1);
  });

  it('applies the tolerance to float columns only', () => {
    const b = columns({ flux: { values: [10, 20.001, 30, 40] }, id: { values: [1n, 2n, 3n, 5n] } });
    const diff = tableDiff(columns(), b, { tolerance: { rtol: 1e-3, atol: 0 } });
    expect(diff.values.map((v) => v.column)).toEqual(['id']);
  });

  it('counts a vector cell once per row', () => {
    const diff = tableDiff(columns(), columns({ vec: { values: [[1, 2], [0, 0], [5, 6], [7, 8]] } }));
    expect(diff.differingValues).toBe(1);
    expect(diff.values[0]).toEqual({ column: 'vec', row: 1, a: [3, 4], b: [0, 0] });
  });

  it('reports extra columns, format changes and attribute changes', () => {
    const b = [...columns({ flux: { unit: 'nJy' }, label: { tform: '6A' } }), { name: 'extra', tform: 'J', values: [0, 0, 0, 0] }];
    const diff = tableDiff(columns(), b);
    expect(diff.columnCounts).toEqual({ a: 4, b: 5 });
    expect(diff.onlyInA).toEqual([{ name: 'label', format: '4A' }]);
    expect(diff.onlyInB).toEqual([
      { name: 'label', format: '6A' },
      { name: 'extra', format: 'J' },
    ]);
    expect(diff.attributes).toEqual([{ column: 'FLUX', attribute: 'unit', a: 'count', b: 'nJy' }]);
  });

  it('stops at different row counts', () => {
    const short = columns().map((column) => ({ ...column, values: column.values.slice(0, 3) }));
    const diff = tableDiff(columns(), short);
    expect(diff.rowCounts).toEqual({ a: 4, b: 3 });
    expect(diff.differingValues).toBe(0);
  });

  it('ignores fields case-insensitively, or all of them with *', () => {
    const b = columns({ flux: { values: [0, 0, 0, 0] } });
    expect(tableDiff(columns(), b, { ignoreFields: ['FLUX'] }).identical).toBe(true);
    expect(tableDiff(columns(), [...b, { name: 'x', tform: 'J', values: [1, 2, 3, 4] }], { ignoreFields: ['*'] }).differingValues).toBe(0);
  });
});

describe('table columns with several strings per row (TDIM)', () => {
  it('compares the strings of a row together', () => {
    const table = (names: string[]) =>
      fitsOf([image(undefined, []), { kind: 'bintable', columns: [{ name: 'names', values: names, repeat: 2, width: 3 }] }]);
    const diff = diffFits(table(['ab', 'cd', 'ef', 'gh']), table(['ab', 'cd', 'ef', 'gX']));
    const data = diff.hdus[1]?.data;
    expect(data).toMatchObject({ kind: 'table', differingValues: 1, valueCount: 2 });
    expect(data?.kind === 'table' && data.values[0]?.row).toBe(1);
  });
});
