import { describe, expect, it } from 'vitest';
import { diffMasks, type MaskInput } from '../../../src/diff/mask-diff.js';
import { isMaskHeader, readMaskPlanes } from '../../../src/diff/mask-planes.js';
import { isImageHdu } from '../../../src/fits/hdu.js';
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
