import { describe, expect, it } from 'vitest';
import { riceDecode, riceDecodeInto, type RiceBytePix } from '../../../../src/fits/compression/rice.js';
import { riceEncode } from '../../../../src/fits/compression/rice-encode.js';
import { CorruptTileError } from '../../../../src/fits/compression/tile-error.js';

/** Park–Miller uniform numbers in (0, 1), reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

const RANGES: Record<RiceBytePix, [number, number]> = { 1: [-128, 127], 2: [-32768, 32767], 4: [-2147483648, 2147483647] };

/** Wraps `value` to a signed integer of `bytePix` bytes, as the encoder and decoder do. */
function wrap(value: number, bytePix: RiceBytePix): number {
  const bits = 8 * bytePix;
  return bits === 32 ? value | 0 : (value << (32 - bits)) >> (32 - bits);
}

/**
 * A random walk whose steps have amplitude 2^k for k = 0, 1, … up to the width of the values (each
 * amplitude for one run of 37 pixels, so that runs straddle blocks): every Rice parameter appears.
 */
function walk(bytePix: RiceBytePix, seed: number): number[] {
  const next = random(seed);
  const values: number[] = [];
  let value = 0;
  for (let k = 0; k < 8 * bytePix; k++) {
    for (let j = 0; j < 37; j++) {
      value = wrap(value + Math.round((next() - 0.5) * 2 ** k), bytePix);
      values.push(value);
    }
  }
  return values;
}

function decodeOf(values: readonly number[], blockSize: number, bytePix: RiceBytePix): number[] {
  return Array.from(riceDecode(riceEncode(values, blockSize, bytePix), values.length, blockSize, bytePix));
}

describe('RICE_1 decoding against our encoder', () => {
  const widths: RiceBytePix[] = [1, 2, 4];
  const blockSizes = [16, 32];

  describe.each(widths)('BYTEPIX %i', (bytePix) => {
    const [min, max] = RANGES[bytePix];

    it.each(blockSizes)('decodes every Rice parameter (block size %i)', (blockSize) => {
      const values = walk(bytePix, 11 * bytePix + blockSize);
      expect(decodeOf(values, blockSize, bytePix)).toEqual(values);
    });

    it.each(blockSizes)('decodes all-zero blocks, then a change, then zero blocks again (block size %i)', (blockSize) => {
      const values = [...Array<number>(5 * blockSize).fill(7), 9, ...Array<number>(3 * blockSize).fill(9), ...Array<number>(2 * blockSize + 3).fill(min)];
      expect(decodeOf(values, blockSize, bytePix)).toEqual(values);
    });

    it.each(blockSizes)('decodes high-entropy (uncoded) blocks and extreme differences (block size %i)', (blockSize) => {
      const next = random(3 * bytePix + blockSize);
      const values = Array.from({ length: 7 * blockSize }, () => Math.floor(min + next() * (max - min + 1)));
      values.push(min, max, min, max, 0, -1, max, min);
      expect(decodeOf(values, blockSize, bytePix)).toEqual(values);
    });

    it.each(blockSizes)('decodes a last partial block of every length (block size %i)', (blockSize) => {
      const base = walk(bytePix, 5 + bytePix);
      for (let extra = 0; extra < blockSize; extra++) {
        const values = base.slice(0, 3 * blockSize + extra + 1);
        expect(decodeOf(values, blockSize, bytePix)).toEqual(values);
      }
    });

    it('decodes heavy-tailed differences: code words of every length at every bit alignment', () => {
      const next = random(101 + bytePix);
      const values: number[] = [];
      let value = 0;
      for (let i = 0; i < 40000; i++) {
        // Mostly small steps of a scale that drifts, sometimes 2–64 times larger.
        const scale = 2 ** ((i >> 9) % (4 * bytePix)) * (next() < 0.1 ? 2 ** Math.floor(1 + next() * 6) : 1);
        value = wrap(value + Math.round((next() + next() + next() - 1.5) * scale), bytePix);
        values.push(value);
      }
      for (const blockSize of [16, 32]) expect(decodeOf(values, blockSize, bytePix)).toEqual(values);
    });

    it('decodes long unary runs (an outlier in a quiet block) anywhere in the tile', () => {
      // One large difference among small ones: its code word has far more than 32 leading zeros.
      for (const at of [0, 5, 31, 100, 250, 253]) {
        const values = Array.from({ length: 256 }, (_, i) => (i % 3) - 1);
        values[at] = wrap(Math.floor(max / 5), bytePix);
        expect(decodeOf(values, 32, bytePix)).toEqual(values);
      }
    });

    it('decodes short tiles (a few bytes, read entirely near the end) and single pixels', () => {
      for (let n = 1; n <= 12; n++) {
        const values = Array.from({ length: n }, (_, i) => wrap(i * 37 - 100, bytePix));
        expect(decodeOf(values, 16, bytePix)).toEqual(values);
        expect(decodeOf(values, 32, bytePix)).toEqual(values);
      }
    });

    it('throws CorruptTileError (never anything else) for every truncation of a stream', () => {
      const values = walk(bytePix, 17);
      const encoded = riceEncode(values, 32, bytePix);
      for (let length = 0; length < encoded.length; length++) {
        let error: unknown;
        try {
          riceDecode(encoded.subarray(0, length), values.length, 32, bytePix);
        } catch (err) {
          error = err;
        }
        expect(error, `truncated to ${length} of ${encoded.length} bytes`).toBeInstanceOf(CorruptTileError);
      }
    });
  });

  it('decodes into a larger reused buffer, leaving the rest untouched', () => {
    const out = new Int32Array(5000).fill(12345);
    const first = walk(4, 1);
    riceDecodeInto(riceEncode(first, 32, 4), out, first.length, 32, 4);
    expect(Array.from(out.subarray(0, first.length))).toEqual(first);
    const second = walk(2, 2).slice(0, 300);
    riceDecodeInto(riceEncode(second, 16, 2), out, second.length, 16, 2);
    expect(Array.from(out.subarray(0, second.length))).toEqual(second);
    expect(out[4999]).toBe(12345);
    expect(() => riceDecodeInto(riceEncode(first, 32, 4), new Int32Array(10), first.length, 32, 4)).toThrow(RangeError);
  });

  it('rejects a bad block size', () => {
    const encoded = riceEncode([1, 2, 3], 32, 4);
    expect(() => riceDecode(encoded, 3, 0, 4)).toThrow(/BLOCKSIZE/);
    expect(() => riceDecode(encoded, 3, 1.5, 4)).toThrow(CorruptTileError);
  });
});
