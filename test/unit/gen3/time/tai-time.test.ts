import { describe, expect, it } from 'vitest';
import {
  MAX_TAI_NS,
  TimeError,
  clampTaiNs,
  isoToTaiNs,
  mjdToTaiNs,
  taiMinusUtcNs,
  taiNsToIso,
  taiNsToMjd,
  unixMsToTaiNs,
} from '../../../../src/gen3/time/index.js';

describe('TAI nanoseconds (README §9)', () => {
  it('converts the observed values', () => {
    expect(isoToTaiNs('2020-01-01T00:00:00', 'tai')).toBe(1577836800000000000n);
    expect(isoToTaiNs('2020-01-02T03:04:05', 'tai')).toBe(1577934245000000000n);
    expect(isoToTaiNs('2100-01-01 00:00:00', 'tai')).toBe(MAX_TAI_NS);
    // ingest_date 1795618809297297000 = 15:00:09.297 TAI = 14:59:32.297 UTC
    expect(taiNsToIso(1795618809297297000n, 'tai', { precision: 3 })).toBe('2026-11-25T15:00:09.297');
    expect(taiNsToIso(1795618809297297000n, 'utc', { precision: 3 })).toBe('2026-11-25T14:59:32.297');
    expect(unixMsToTaiNs(Date.UTC(2026, 10, 25, 14, 59, 32, 297))).toBe(1795618809297000000n);
  });

  it('handles leap seconds, including 23:59:60', () => {
    const before = isoToTaiNs('2016-12-31T23:59:59', 'utc');
    const leap = isoToTaiNs('2016-12-31T23:59:60.5', 'utc');
    const after = isoToTaiNs('2017-01-01T00:00:00', 'utc');
    expect(leap - before).toBe(1_500_000_000n);
    expect(after - before).toBe(2_000_000_000n);
    expect(taiNsToIso(leap, 'utc')).toBe('2016-12-31T23:59:60.500000000');
    expect(taiMinusUtcNs(isoToTaiNs('2017-01-01T00:00:00', 'tai'))).toBe(37_000_000_000n);
    expect(taiMinusUtcNs(0n)).toBe(8_000_082_000n);
  });

  it('clamps to [0, 2100-01-01 TAI] or throws with clamp: false', () => {
    expect(isoToTaiNs('1960-01-01T00:00:00', 'utc')).toBe(0n);
    expect(isoToTaiNs('2200-01-01T00:00:00', 'tai')).toBe(MAX_TAI_NS);
    expect(clampTaiNs(-5n)).toBe(0n);
    expect(() => isoToTaiNs('2200-01-01T00:00:00', 'tai', { clamp: false })).toThrow(TimeError);
    expect(() => isoToTaiNs('2020-02-30T00:00:00', 'tai')).toThrow(TimeError);
    expect(() => isoToTaiNs('yesterday', 'utc')).toThrow(TimeError);
  });

  it('converts MJD both ways', () => {
    const ns = isoToTaiNs('2020-01-01T12:00:00', 'tai');
    expect(taiNsToMjd(ns, 'tai')).toBe(58849.5);
    expect(mjdToTaiNs(58849.5, 'tai')).toBe(ns);
    const utc = isoToTaiNs('2020-01-01T12:00:00', 'utc');
    expect(taiNsToMjd(utc, 'utc')).toBe(58849.5);
    expect(mjdToTaiNs(58849.5, 'utc')).toBe(utc);
  });
});
