import { describe, expect, it } from 'vitest';
import {
  EMPTY_TIMESPAN,
  MAX_TAI_NS,
  TimeError,
  isEmptyTimespan,
  makeTimespan,
  timespanFromDayObs,
  timespanFromPgRange,
  timespanFromSqlite,
  timespanToPgRange,
  timespanToSqlite,
} from '../../../../src/gen3/time/index.js';

describe('timespans (README §9)', () => {
  it('normalises unbounded, empty and instantaneous timespans', () => {
    expect(makeTimespan(null, null)).toEqual({ begin: 0n, end: MAX_TAI_NS });
    expect(makeTimespan(1577836800000000000n, null)).toEqual({ begin: 1577836800000000000n, end: MAX_TAI_NS });
    expect(makeTimespan(5n, 3n)).toBe(EMPTY_TIMESPAN);
    expect(makeTimespan('empty', 3n)).toBe(EMPTY_TIMESPAN);
    expect(isEmptyTimespan(EMPTY_TIMESPAN)).toBe(true);
    expect(EMPTY_TIMESPAN).toEqual({ begin: MAX_TAI_NS, end: 0n });
    expect(makeTimespan(7n, 7n)).toEqual({ begin: 7n, end: 8n });
    expect(makeTimespan(7n, 7n, { padInstantaneous: false })).toBe(EMPTY_TIMESPAN);
    expect(makeTimespan(-10n, MAX_TAI_NS + 10n)).toEqual({ begin: 0n, end: MAX_TAI_NS });
    expect(() => makeTimespan(MAX_TAI_NS, null)).toThrow(TimeError);
    expect(() => makeTimespan(MAX_TAI_NS - 1n, MAX_TAI_NS - 1n)).toThrow(TimeError);
  });

  it('writes the PostgreSQL INT8RANGE and SQLite forms daf_butler writes', () => {
    expect(timespanToPgRange(makeTimespan(1577836800000000000n, null))).toBe('[1577836800000000000,)');
    expect(timespanToPgRange(makeTimespan(null, null))).toBe('(,)');
    expect(timespanToPgRange(makeTimespan(1577966400000000000n, 1578052800000000000n))).toBe('[1577966400000000000,1578052800000000000)');
    expect(timespanToPgRange(EMPTY_TIMESPAN)).toBe('empty');
    expect(timespanFromPgRange('[1577836800000000000,)')).toEqual({ begin: 1577836800000000000n, end: MAX_TAI_NS });
    expect(timespanFromPgRange('(,)')).toEqual({ begin: 0n, end: MAX_TAI_NS });
    expect(timespanFromPgRange('empty')).toBe(EMPTY_TIMESPAN);
    expect(timespanToSqlite(null)).toEqual({ begin: null, end: null });
    expect(timespanToSqlite(makeTimespan(1n, null))).toEqual({ begin: 1n, end: MAX_TAI_NS });
    expect(timespanFromSqlite(null, null)).toBeNull();
    expect(timespanFromSqlite(1, 2)).toEqual({ begin: 1n, end: 2n });
  });

  it('builds day_obs spans at TAI midnight (observed day_obs row)', () => {
    expect(timespanFromDayObs(20200102)).toEqual({ begin: 1577923200000000000n, end: 1578009600000000000n });
    expect(timespanFromDayObs(20200102, 12 * 3600)).toEqual({ begin: 1577966400000000000n, end: 1578052800000000000n });
    expect(() => timespanFromDayObs(1960)).toThrow(TimeError);
  });
});
