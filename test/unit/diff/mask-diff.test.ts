import { describe, expect, it } from 'vitest';
import { diffMasks, diffStoredMasks, type MaskInput, type StoredMaskInput } from '../../../src/diff/mask-diff.js';
import { isMaskHeader, readMaskPlanes } from '../../../src/diff/mask-planes.js';
import { isImageHdu, type ImageHdu, type PrimaryHdu } from '../../../src/fits/hdu.js';
import { prng } from '../../helpers/prng.js';
import { fitsOf, image, type CardList } from './fits-builders.js';

/** A mask (4 x 2 unless `shape` says otherwise) whose pixels set the named planes, with `MP_*` keywords from `bits`. */
function mask(bits: Record<string, number>, pixels: readonly (readonly string[])[], extra: CardList = [], shape: readonly number[] = [4, 2]): MaskInput {
  const values = Int32Array.from(pixels, (planes) => planes.reduce((value, plane) => value | (1 << (bits[plane] ?? 31)), 0));
  const cards: CardList = [['EXTTYPE', 'MASK'], ...Object.entries(bits).map(([name, bit]) => [`MP_${name}`, bit] as const), ...extra];
  const hdu = fitsOf([image(values, shape, cards)]).hdus[0];
  if (!hdu || !isImageHdu(hdu)) throw new Error('no image');
  return { image: hdu.image(), header: hdu.header };
}

const PIXELS = [['BAD'], [], ['SAT', 'CR'], [], ['CR'], [], [], ['BAD', 'SAT']] as const;
const BITS_A = { BAD: 0, SAT: 1, CR: 3 };
const BITS_B = { CR: 0, BAD: 5, SAT: 2 };

describe('diffMasks', () => {
  it('remaps bits by plane name: same planes at other bit numbers are identical', () => {
    const diff = diffMasks(mask(BITS_A, PIXELS), mask(BITS_B, PIXELS));
    expect(diff.identical).toBe(true);
    expect(diff.planes).toEqual([
      { name: 'BAD', bitA: 0, bitB: 5, setInA: 2, setInB: 2, differing: 0 },
      { name: 'CR', bitA: 3, bitB: 0, setInA: 2, setInB: 2, differing: 0 },
      { name: 'SAT', bitA: 1, bitB: 2, setInA: 2, setInB: 2, differing: 0 },
    ]);
  });

  it('masks of different dimensions are compared no further', () => {
    const diff = diffMasks(mask(BITS_A, PIXELS), mask(BITS_A, PIXELS, [], [2, 4]));
    expect(diff).toEqual({ kind: 'mask', identical: false, summary: 'dimensions differ: 4 x 2 vs 2 x 4', shapes: { a: [4, 2], b: [2, 4] }, pixelCount: 0, differingPixels: 0, fraction: 0, planes: [], pixels: [] });
    expect(Object.keys(diff)).toEqual(['kind', 'identical', 'summary', 'shapes', 'pixelCount', 'differingPixels', 'fraction', 'planes', 'pixels']);
  });

  it('counts a differing pixel in the plane that differs', () => {
    const changed = PIXELS.map((planes, i) => (i === 4 ? ['CR', 'SAT'] : planes));
    const diff = diffMasks(mask(BITS_A, PIXELS), mask(BITS_B, changed));
    expect(diff.identical).toBe(false);
    expect(diff.differingPixels).toBe(1);
    expect(diff.planes.find((p) => p.name === 'SAT')?.differing).toBe(1);
    expect(diff.planes.find((p) => p.name === 'CR')?.differing).toBe(0);
    expect(diff.pixels).toEqual([{ position: [1, 2], a: 8, b: 5, planes: ['SAT'] }]);
    expect(diff.summary).toBe('1 of 8 mask pixels differ (12.50%): SAT 1');
  });

  it('a plane defined on one side only differs only where it is set', () => {
    const withEdge = { ...BITS_B, EDGE: 7 };
    expect(diffMasks(mask(BITS_A, PIXELS), mask(withEdge, PIXELS)).identical).toBe(true);
    const edged = PIXELS.map((planes, i) => (i === 1 ? ['EDGE'] : planes));
    const diff = diffMasks(mask(BITS_A, PIXELS), mask(withEdge, edged));
    expect(diff.planes.find((p) => p.name === 'EDGE')).toEqual({ name: 'EDGE', bitB: 7, setInA: 0, setInB: 1, differing: 1 });
  });

  it('compares bits without a plane name by bit number', () => {
    const a = mask({ BAD: 0 }, [['BAD'], ['X'], [], [], [], [], [], []]);
    const b = mask({ BAD: 1 }, [['BAD'], [], [], [], [], [], [], []]);
    const diff = diffMasks(a, b);
    expect(diff.planes.find((p) => p.name === 'BIT31')).toMatchObject({ bitA: 31, setInA: 1, differing: 1 });
  });

  it('agrees with a pixel-by-pixel count on random 64 x 48 masks (remapped, one-sided and unnamed bits, listed pixels in order)', () => {
    const random = prng(7);
    const bitsA: Record<string, number> = { BAD: 0, SAT: 1, CR: 3, EDGE: 4 };
    const bitsB: Record<string, number> = { CR: 0, BAD: 5, SAT: 2, DETECTED: 6 };
    const build = (bits: Record<string, number>, values: Int32Array): MaskInput => {
      const hdu = fitsOf([image(values, [64, 48], [['EXTTYPE', 'MASK'], ...Object.entries(bits).map(([k, v]) => [`MP_${k}`, v] as const)])]).hdus[0];
      if (!hdu || !isImageHdu(hdu)) throw new Error('no image');
      return { image: hdu.image(), header: hdu.header };
    };
    const choices = [0, 0, 0, 1, 2, 8, 9, 16, 1 << 10];
    const va = Int32Array.from({ length: 64 * 48 }, () => choices[Math.floor(random() * choices.length)]!);
    // B: the same planes at B's bits, with some pixels changed
    const remap = (v: number): number => ['BAD', 'SAT', 'CR', 'EDGE'].reduce((out, name) => ((v >>> bitsA[name]!) & 1 && bitsB[name] !== undefined ? out | (1 << bitsB[name]!) : out), (v & (1 << 10)) !== 0 ? 1 << 10 : 0);
    const vb = va.map((v) => (random() < 0.05 ? choices[Math.floor(random() * choices.length)]! | (random() < 0.3 ? 1 << 6 : 0) : remap(v)));
    const diff = diffMasks(build(bitsA, va), build(bitsB, vb), { maxReportedPixels: 25 });
    // reference: every pixel, every plane
    const planes = diff.planes.map((p) => ({ ...p, setInA: 0, setInB: 0, differing: 0 }));
    const listed: { position: number[]; a: number; b: number; planes: string[] }[] = [];
    let differingPixels = 0;
    for (let i = 0; i < va.length; i++) {
      const names: string[] = [];
      for (const p of planes) {
        const inA = p.bitA !== undefined && ((va[i]! >>> p.bitA) & 1) === 1;
        const inB = p.bitB !== undefined && ((vb[i]! >>> p.bitB) & 1) === 1;
        if (inA) p.setInA++;
        if (inB) p.setInB++;
        if (inA !== inB) {
          p.differing++;
          names.push(p.name);
        }
      }
      if (names.length === 0) continue;
      differingPixels++;
      if (listed.length < 25) listed.push({ position: [(i % 64) + 1, Math.floor(i / 64) + 1], a: va[i]!, b: vb[i]!, planes: names });
    }
    expect(differingPixels).toBeGreaterThan(50);
    expect(diff.planes.map((p) => p.name)).toEqual(expect.arrayContaining(['BAD', 'BIT10', 'CR', 'DETECTED', 'EDGE', 'SAT']));
    expect(diff.planes).toEqual(planes.map((p) => ({ ...p })));
    expect(diff.differingPixels).toBe(differingPixels);
    expect(diff.pixels).toEqual(listed);
  });

  describe('on the stored bytes (diffStoredMasks)', () => {
    /** A random 64 x 48 mask HDU of `bitpix` naming `bits`; B's values are A's remapped to B's bits, 5% changed. */
    const randomPair = (bitpix: 8 | 16 | 32, seed: number): { a: ImageHdu | PrimaryHdu; b: ImageHdu | PrimaryHdu; values: [ArrayLike<number>, ArrayLike<number>] } => {
      const random = prng(seed);
      const bitsA: Record<string, number> = { BAD: 0, SAT: 1, CR: 3, EDGE: 4 };
      const bitsB: Record<string, number> = { CR: 0, BAD: 5, SAT: 2, DETECTED: 6 };
      const choices = [0, 0, 0, 1, 2, 8, 9, 16, 128];
      const remap = (v: number): number => ['BAD', 'SAT', 'CR', 'EDGE'].reduce((out, name) => ((v >>> bitsA[name]!) & 1 && bitsB[name] !== undefined ? out | (1 << bitsB[name]!) : out), v & 128);
      const make = (values: number[]): Uint8Array | Int16Array | Int32Array => (bitpix === 8 ? Uint8Array.from(values) : bitpix === 16 ? Int16Array.from(values) : Int32Array.from(values));
      const plain = Array.from({ length: 64 * 48 }, () => choices[Math.floor(random() * choices.length)]! | (bitpix > 8 && random() < 0.01 ? -32768 : 0));
      const va = make(plain);
      const vb = make(plain.map((v) => (random() < 0.05 ? choices[Math.floor(random() * choices.length)]! | (random() < 0.3 ? 1 << 6 : 0) : remap(v) | (v & -32768))));
      const hdu = (bits: Record<string, number>, values: Uint8Array | Int16Array | Int32Array): ImageHdu | PrimaryHdu => {
        const h = fitsOf([image(values, [64, 48], [['EXTTYPE', 'MASK'], ...Object.entries(bits).map(([k, v]) => [`MP_${k}`, v] as const)])]).hdus[0];
        if (!h || !isImageHdu(h)) throw new Error('no image');
        return h;
      };
      return { a: hdu(bitsA, va), b: hdu(bitsB, vb), values: [va, vb] };
    };
    const stored = (h: ImageHdu | PrimaryHdu): StoredMaskInput => ({ stored: { bitpix: h.image().bitpix, shape: h.image().shape, scaling: h.image().scaling, bytes: h.rawData() }, header: h.header });
    const decoded = (h: ImageHdu | PrimaryHdu): MaskInput => ({ image: h.image(), header: h.header });

    it.each([8, 16, 32] as const)('finds what diffMasks finds on the decoded masks (BITPIX %i, differing pixels listed in order)', (bitpix) => {
      const { a, b } = randomPair(bitpix, 11 + bitpix);
      const expected = diffMasks(decoded(a), decoded(b), { maxReportedPixels: 25 });
      expect(expected.differingPixels).toBeGreaterThan(50);
      expect(expected.pixels).toHaveLength(25);
      expect(diffStoredMasks(stored(a), stored(b), { maxReportedPixels: 25 })).toEqual(expected);
      expect(diffStoredMasks(stored(a), stored(b), { maxReportedPixels: -1 })).toEqual(diffMasks(decoded(a), decoded(b), { maxReportedPixels: -1 }));
    });

    it('compares a mask with itself (one HDU on both sides) as with an identical copy', () => {
      const { a } = randomPair(32, 5);
      const copy = fitsOf([image(a.image().data as Int32Array, [64, 48], a.header.cards.filter((c) => c.keyword === 'EXTTYPE' || c.keyword.startsWith('MP_')).map((c) => [c.keyword, c.value!] as const))]).hdus[0];
      if (!copy || !isImageHdu(copy)) throw new Error('no image');
      const expected = diffMasks(decoded(a), decoded(copy));
      expect(expected.identical).toBe(true);
      expect(expected.planes.some((p) => p.setInA > 0)).toBe(true);
      expect(diffStoredMasks(stored(a), stored(a))).toEqual(expected);
      expect(diffMasks(decoded(a), decoded(a))).toEqual(expected);
    });

    it('leaves scaled masks and other shapes to the decoding comparison', () => {
      const { a, b } = randomPair(16, 3);
      const scaled = stored(b);
      expect(diffStoredMasks(stored(a), { ...scaled, stored: { ...scaled.stored, scaling: { ...scaled.stored.scaling, bzero: 32768 } } })).toBeUndefined();
      expect(diffStoredMasks(stored(a), { ...scaled, stored: { ...scaled.stored, shape: [48, 64] } })).toBeUndefined();
    });
  });

  it('reads MP_ planes and recognises mask headers', () => {
    const { header } = mask(BITS_A, PIXELS);
    expect([...readMaskPlanes(header)]).toEqual([
      ['BAD', 0],
      ['SAT', 1],
      ['CR', 3],
    ]);
    expect(isMaskHeader(header)).toBe(true);
  });
});
