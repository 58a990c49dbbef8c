import { describe, expect, it } from 'vitest';
import { DITHER_SEQUENCE_LENGTH, DitherCursor, ditherSequence } from '../../../../src/fits/compression/dither.js';
import { dequantize, quantizeMethod, ZERO_VALUE } from '../../../../src/fits/compression/quantize.js';

describe('dither sequence', () => {
  it('is the Park–Miller sequence from seed 1, in single precision', () => {
    const values = ditherSequence();
    expect(values).toHaveLength(DITHER_SEQUENCE_LENGTH);
    expect(values[0]).toBe(Math.fround(16807 / 2147483647));
    // Park & Miller's check value: the 10000th seed from 1 is 1043618065.
    expect(values[9999]).toBe(Math.fround(1043618065 / 2147483647));
    expect(values.every((value) => value > 0 && value < 1)).toBe(true);
    expect(ditherSequence()).toBe(values);
  });

  it('starts a tile at the offset its row selects and wraps around the sequence', () => {
    const values = ditherSequence();
    const start = Math.trunc(Math.fround((values[41] as number) * 500));
    const cursor = new DitherCursor(42);
    expect(cursor.next()).toBe(values[start]);
    expect(cursor.next()).toBe(values[start + 1]);
    const last = new DitherCursor(10000);
    const first = Math.trunc(Math.fround((values[9999] as number) * 500));
    for (let i = first; i < DITHER_SEQUENCE_LENGTH; i++) last.next();
    expect(last.next()).toBe(values[Math.trunc(Math.fround((values[0] as number) * 500))]);
  });
});

describe('dequantize', () => {
  it('scales without dithering (NO_DITHER)', () => {
    expect(Array.from(dequantize([0, 2, -3], { method: 'NO_DITHER', scale: 0.5, zero: 10, ditherRow: 1 }))).toEqual([10, 11, 8.5]);
  });

  it('subtracts the dither offsets and restores zeros with SUBTRACTIVE_DITHER_2', () => {
    const values = ditherSequence();
    const start = Math.trunc(Math.fround((values[0] as number) * 500));
    const out = dequantize([4, ZERO_VALUE], { method: 'SUBTRACTIVE_DITHER_2', scale: 2, zero: 1, ditherRow: 1 });
    expect(out[0]).toBe((4 - (values[start] as number) + 0.5) * 2 + 1);
    expect(out[1]).toBe(0);
    const one = dequantize([ZERO_VALUE], { method: 'SUBTRACTIVE_DITHER_1', scale: 1, zero: 0, ditherRow: 1 });
    expect(one[0]).not.toBe(0);
  });

  it('reads ZQUANTIZ as astropy does', () => {
    expect(quantizeMethod(undefined)).toBe('NO_DITHER');
    expect(quantizeMethod('NO_DITHER')).toBe('NO_DITHER');
    expect(quantizeMethod('SUBTRACTIVE_DITHER_2')).toBe('SUBTRACTIVE_DITHER_2');
    expect(quantizeMethod('NONE')).toBe('SUBTRACTIVE_DITHER_1');
  });
});
