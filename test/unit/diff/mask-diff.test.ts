import { describe, expect, it } from 'vitest';
import { diffMasks, type MaskInput } from '../../../src/diff/mask-diff.js';
import { isMaskHeader, readMaskPlanes } from '../../../src/diff/mask-planes.js';
import { isImageHdu } from '../../../src/fits/hdu.js';
import { prng } from '../../helpers/prng.js';
import { fitsOf, image, type CardList } from './fits-builders.js';

/** A 4 x 2 mask whose pixels set the named planes, with `MP_*` keywords from `bits`. */
function mask(bits: Record<string, number>, pixels: readonly (readonly string[])[], extra: CardList = []): MaskInput {
  const values = Int32Array.from(pixels, (planes) => planes.reduce((value, plane) => value | (1 << (bits[plane] ?? 31)), 0));
  const cards: CardList = [['EXTTYPE', 'MASK'], ...Object.entries(bits).map(([name, bit]) => [`MP_${name}`, bit] as const), ...extra];
  const hdu = fitsOf([image(values, [4, 2], cards)]).hdus[0];
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
