import { describe, expect, it } from 'vitest';
import { computeValidityReport, parseGen2Time } from '../../../../src/gen2/registry/index.js';

describe('parseGen2Time', () => {
  it('reads the date/time forms found in Gen2 registries as UTC', () => {
    expect(parseGen2Time('2013-05-07')).toBe(Date.UTC(2013, 4, 7));
    expect(parseGen2Time('2003-01-03T19:00:00')).toBe(Date.UTC(2003, 0, 3, 19));
    expect(parseGen2Time('1999-01-17T04:52:34.895201920')).toBe(Date.UTC(1999, 0, 17, 4, 52, 34, 895));
    expect(parseGen2Time('2019-03-22T15:31:01.904')).toBe(Date.UTC(2019, 2, 22, 15, 31, 1, 904));
    expect(parseGen2Time('1744-12-07')).toBe(Date.UTC(1744, 11, 7));
    expect(parseGen2Time('2292-07-05')).toBe(Date.UTC(2292, 6, 5));
    expect(parseGen2Time('0099-01-01')).toBe(new Date('0099-01-01T00:00:00Z').getTime());
  });

  it('rejects non-dates', () => {
    for (const s of ['', 'NONE', '2013-02-30', '2013-13-01', '2013/01/01', '2013-01-01T25:00:00', '20130101']) expect(parseGen2Time(s), s).toBeUndefined();
  });
});

describe('computeValidityReport', () => {
  it('sorts by validStart then calibDate, and reports gaps and overlaps between neighbours per group', () => {
    const r = computeValidityReport('flat', ['filter', 'ccd'], [
      { key: ['g', 1], validStart: '2020-01-10', validEnd: '2020-01-20', calibDate: '2020-01-15' },
      { key: ['g', 1], validStart: '2020-01-01', validEnd: '2020-01-10', calibDate: '2020-01-05' },
      { key: ['g', 1], validStart: '2020-01-22', validEnd: '2020-02-01', calibDate: '2020-01-25' },
      { key: ['g', 1], validStart: '2020-01-30', validEnd: '2020-02-10', calibDate: '2020-02-05' },
      { key: ['r', 1], validStart: '2020-01-01', validEnd: '2020-12-31', calibDate: '2020-06-01' },
      { key: ['g', 0], validStart: '2020-01-01', validEnd: '2020-01-01T12:00:00', calibDate: '2020-01-01' },
      { key: ['g', 0], validStart: '2020-01-01T06:00:00', validEnd: '2020-01-05', calibDate: '2020-01-02' },
    ]);
    expect(r.groups).toEqual([
      { key: { filter: 'g', ccd: 0 }, ranges: 2, validStart: '2020-01-01', validEnd: '2020-01-05' },
      { key: { filter: 'g', ccd: 1 }, ranges: 4, validStart: '2020-01-01', validEnd: '2020-02-10' },
      { key: { filter: 'r', ccd: 1 }, ranges: 1, validStart: '2020-01-01', validEnd: '2020-12-31' },
    ]);
    // 01-01..01-10 then 01-10..01-20 meet exactly (no finding)
    expect(r.gaps).toEqual([
      { key: { filter: 'g', ccd: 1 }, prevStart: '2020-01-10', prevEnd: '2020-01-20', nextStart: '2020-01-22', nextEnd: '2020-02-01', prevCalibDate: '2020-01-15', nextCalibDate: '2020-01-25', days: 2 },
    ]);
    expect(r.overlaps).toEqual([
      { key: { filter: 'g', ccd: 0 }, prevStart: '2020-01-01', prevEnd: '2020-01-01T12:00:00', nextStart: '2020-01-01T06:00:00', nextEnd: '2020-01-05', prevCalibDate: '2020-01-01', nextCalibDate: '2020-01-02', days: 0.25 },
      { key: { filter: 'g', ccd: 1 }, prevStart: '2020-01-22', prevEnd: '2020-02-01', nextStart: '2020-01-30', nextEnd: '2020-02-10', prevCalibDate: '2020-01-25', nextCalibDate: '2020-02-05', days: 2 },
    ]);
    expect(r.invalid).toEqual([]);
  });

  it('uses calibDate to order ranges with the same start, and works without calibDate (legacy tables)', () => {
    const r = computeValidityReport('bias', [], [
      { key: [], validStart: '2003-01-01', validEnd: '2003-01-05' },
      { key: [], validStart: '2003-01-01', validEnd: '2003-01-03' },
    ]);
    expect(r.groups).toEqual([{ key: {}, ranges: 2, validStart: '2003-01-01', validEnd: '2003-01-05' }]);
    expect(r.overlaps).toEqual([{ key: {}, prevStart: '2003-01-01', prevEnd: '2003-01-03', nextStart: '2003-01-01', nextEnd: '2003-01-05', days: 2 }]);
  });

  it('sets aside ranges that cannot be analysed', () => {
    const r = computeValidityReport('x', ['ccd'], [
      { key: [1], validStart: null, validEnd: '2020-01-01', calibDate: 'a' },
      { key: [1], validStart: 'soon', validEnd: '2020-01-01', calibDate: 'b' },
      { key: [1], validStart: '2020-01-01', validEnd: 'later', calibDate: 'c' },
      { key: [1], validStart: '2020-02-01', validEnd: '2020-01-01', calibDate: 'd' },
    ]);
    expect(r.invalid.map((i) => [i.calibDate, i.reason])).toEqual([
      ['a', 'validStart/validEnd is not a text date'],
      ['b', 'validStart "soon" is not a date'],
      ['c', 'validEnd "later" is not a date'],
      ['d', 'validStart is after validEnd'],
    ]);
    expect(r.groups).toEqual([]);
  });

  it('orders groups with numbers before text and nulls first', () => {
    const row = (k: (string | number | null)[]) => ({ key: k, validStart: '2020-01-01', validEnd: '2020-01-02' });
    const r = computeValidityReport('x', ['k'], [row(['b']), row([2]), row([null]), row(['a']), row([10])]);
    expect(r.groups.map((g) => g.key.k)).toEqual([null, 2, 10, 'a', 'b']);
  });
});
