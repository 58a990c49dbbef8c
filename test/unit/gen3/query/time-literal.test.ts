import { describe, expect, it } from 'vitest';
import { parseTimeString, TAI_MAX, taiFromDate } from '../../../../src/gen3/query/time-literal.js';

const S = 1_000_000_000n;
const Y2000_TAI = 946_684_800n * S; // 2000-01-01T00:00:00 TAI
const Y2000_UTC = Y2000_TAI + 32n * S; // TAI - UTC = 32 s in 2000
const D20200330_UTC = (1_585_526_400n + 37n) * S;

describe('parseTimeString', () => {
  // The strings, formats and scales of daf_butler's parser tests; values in TAI nanoseconds.
  const cases: [string, bigint, string, string][] = [
    ['51544.0', Y2000_TAI, 'mjd', 'tai'],
    ['mjd/51544.0', Y2000_TAI, 'mjd', 'tai'],
    ['51544.0/tai', Y2000_TAI, 'mjd', 'tai'],
    ['mjd/51544.0/tai', Y2000_TAI, 'mjd', 'tai'],
    ['MJd/51544.0/TAi', Y2000_TAI, 'mjd', 'tai'],
    ['jd/2451544.5', Y2000_TAI, 'jd', 'tai'],
    ['51544.0/utc', Y2000_UTC, 'mjd', 'utc'],
    ['unix/946684800.0', Y2000_UTC, 'unix', 'utc'],
    ['cxcsec/63072064.184', Y2000_UTC, 'cxcsec', 'tt'],
    ['2020-03-30', D20200330_UTC, 'iso', 'utc'],
    ['2020-03-30 12:20', D20200330_UTC + 44_400n * S, 'iso', 'utc'],
    ['2020-03-30 12:20:33.456789', D20200330_UTC + 44_433n * S + 456_789_000n, 'iso', 'utc'],
    ['2020-03-30T12:20', D20200330_UTC + 44_400n * S, 'isot', 'utc'],
    ['2020-03-30T12:20:33.456789', D20200330_UTC + 44_433n * S + 456_789_000n, 'isot', 'utc'],
    ['isot/2020-03-30', D20200330_UTC, 'isot', 'utc'],
    ['2020-03-30/tai', D20200330_UTC - 37n * S, 'iso', 'tai'],
    ['+02020-03-30', D20200330_UTC, 'fits', 'utc'],
    ['+02020-03-30T12:20:33', D20200330_UTC + 44_433n * S, 'fits', 'utc'],
    ['fits/2020-03-30', D20200330_UTC, 'fits', 'utc'],
    ['2020:090', D20200330_UTC, 'yday', 'utc'],
    ['2020:090:12:20', D20200330_UTC + 44_400n * S, 'yday', 'utc'],
    ['yday/2020:090:12:20/tai', D20200330_UTC - 37n * S + 44_400n * S, 'yday', 'tai'],
    ['2020-03-30T12:20:33+00:00', D20200330_UTC + 44_433n * S, 'isot', 'utc'],
    ['2020-01-01/tt', 1_577_836_800n * S - 32_184_000_000n, 'iso', 'tt'],
  ];
  it.each(cases)('%s', (text, tai, format, scale) => {
    expect(parseTimeString(text)).toEqual({ tai, format, scale });
  });

  it('matches the TAI nanoseconds daf_butler stores', () => {
    expect(parseTimeString('2020-01-01/tai').tai).toBe(1577836800000000000n);
    expect(parseTimeString('2020-01-02T03:04:05/tai').tai).toBe(1577934245000000000n);
    expect(parseTimeString('2100-01-01/tai').tai).toBe(TAI_MAX);
  });

  it('applies the leap-second table and clamps to daf_butler\'s range', () => {
    expect(parseTimeString('2016-12-31T23:59:59').tai).toBe((1_483_228_799n + 36n) * S);
    expect(parseTimeString('2017-01-01T00:00:00').tai).toBe((1_483_228_800n + 37n) * S);
    expect(parseTimeString('1972-01-01').tai).toBe((63_072_000n + 10n) * S);
    expect(parseTimeString('1960-01-01/tai').tai).toBe(0n);
    expect(parseTimeString('2200-01-01/tai').tai).toBe(TAI_MAX);
    expect(taiFromDate(new Date('2020-01-01T00:00:00.250Z'))).toBe(1_577_836_837_250_000_000n);
  });

  const bad: [string, string][] = [
    ['', 'time string "" does not match known formats'],
    [' ', 'time string " " does not match known formats'],
    ['123.456e10', 'time string "123.456e10" does not match known formats'],
    ['mjd-dj/123.456', 'time string "mjd-dj/123.456" specifies unsupported time scale "123.456"'],
    ['123.456/mai-tai', 'time string "123.456/mai-tai" specifies unsupported time scale "mai-tai"'],
    ['2020-03-01 00', 'time string "2020-03-01 00" does not match known formats'],
    ['2020-03-01T', 'time string "2020-03-01T" does not match known formats'],
    ['2020:100:12', 'time string "2020:100:12" does not match known formats'],
    ['format/123456.00', 'time string "format/123456.00" specifies unknown time format "format"'],
    ['123456.00/unscale', 'time string "123456.00/unscale" specifies unsupported time scale "unscale"'],
    ['2020-02-30', 'time string "2020-02-30" has day 30 out of range'],
    ['2020-03-30 25:00', 'time string "2020-03-30 25:00" has a time of day out of range'],
    ['2019:366', 'time string "2019:366" has day of year 366 out of range'],
    ['mjd/2020-01-01', 'time string "mjd/2020-01-01" does not match format "mjd"'],
    ['1969-07-20', 'UTC time "1969-07-20" is before 1972, where UTC has no fixed offset to TAI'],
    ['a/b/c/d', 'time string "a/b/c/d" has too many \'/\' separators'],
  ];
  it.each(bad)('rejects %j', (text, message) => {
    expect(() => parseTimeString(text)).toThrow(message);
  });
});
