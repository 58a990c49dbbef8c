import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipDecode, unshuffleBytes } from '../../../../src/fits/compression/gzip-tile.js';
import { hcompressDecode } from '../../../../src/fits/compression/hcompress.js';
import { plioDecode } from '../../../../src/fits/compression/plio.js';
import { riceDecode, type RiceBytePix } from '../../../../src/fits/compression/rice.js';
import { riceEncode } from '../../../../src/fits/compression/rice-encode.js';
import { CorruptTileError } from '../../../../src/fits/compression/tile-error.js';

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

describe('RICE_1', () => {
  const cases: [RiceBytePix, number, number][] = [
    [1, -128, 127],
    [2, -32768, 32767],
    [4, -2147483648, 2147483647],
  ];
  it.each(cases)('round-trips BYTEPIX %i values: smooth, constant, noisy and extreme blocks', (bytePix, min, max) => {
    const next = random(bytePix * 7);
    const values: number[] = [];
    for (let i = 0; i < 100; i++) values.push(Math.round(i / 10));
    for (let i = 0; i < 70; i++) values.push(5);
    for (let i = 0; i < 100; i++) values.push(Math.floor(min + next() * (max - min + 1)));
    values.push(min, max, min, max, 0, -1);
    for (const blockSize of [16, 32, 7]) {
      const encoded = riceEncode(values, blockSize, bytePix);
      expect(Array.from(riceDecode(encoded, values.length, blockSize, bytePix))).toEqual(values);
    }
  });

  it('reports a truncated stream', () => {
    const encoded = riceEncode(Array.from({ length: 64 }, (_, i) => i * i), 32, 4);
    expect(() => riceDecode(encoded.subarray(0, encoded.length - 10), 64, 32, 4)).toThrow(CorruptTileError);
    expect(() => riceDecode(new Uint8Array(1), 4, 32, 2)).toThrow(/too short/);
  });
});

describe('PLIO_1', () => {
  /** Big-endian 16-bit words. */
  const list = (words: number[]) => new Uint8Array(words.flatMap((word) => [(word >> 8) & 0xff, word & 0xff]));
  it('decodes a line list: set value, runs of the value, zeros, single pixels, zeros then a pixel', () => {
    // header (3 words, length 9), set PV=5 (2 words), 3 × PV, 2 zeros, PV += 2 and one pixel, 2 zeros then PV
    const words = [0, 0, 9, 0x1000 | 5, 0, 0x4000 | 3, 0x0000 | 2, 0x6000 | 2, 0x5000 | 3];
    expect(Array.from(plioDecode(list(words), 10))).toEqual([5, 5, 5, 0, 0, 7, 0, 0, 7, 0]);
  });

  it('reads the long (7-word) header and reports a list shorter than it claims', () => {
    const words = [0, 7, -100 & 0xffff, 9, 0, 0, 0, 0x4000 | 4];
    expect(Array.from(plioDecode(list([...words.slice(0, 3), 8, 0, 0, 0, 0x4000 | 4]), 4))).toEqual([1, 1, 1, 1]);
    expect(() => plioDecode(list(words), 8)).toThrow(CorruptTileError);
  });
});

describe('GZIP_1 and GZIP_2', () => {
  it('inflates gzip and zlib streams and unshuffles bytes', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(gzipDecode(zlib.gzipSync(bytes), 6))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(gzipDecode(zlib.deflateSync(bytes), 6))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(unshuffleBytes(Uint8Array.from([1, 3, 5, 2, 4, 6]), 2))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects corrupt streams and streams longer than the tile', () => {
    expect(() => gzipDecode(Uint8Array.from([1, 2, 3]), 10)).toThrow(/corrupt gzip stream/);
    expect(() => gzipDecode(zlib.gzipSync(new Uint8Array(100)), 10)).toThrow(CorruptTileError);
  });
});

describe('HCOMPRESS_1', () => {
  it('rejects streams without the magic number or of the wrong size', () => {
    expect(() => hcompressDecode(new Uint8Array(30), 4)).toThrow(/bad magic/);
    const header = new Uint8Array(30);
    header.set([0xdd, 0x99, 0, 0, 0, 2, 0, 0, 0, 3]);
    expect(() => hcompressDecode(header, 4)).toThrow(/2 × 3 pixels, the tile has 4/);
  });
});
