import type { FitsHeader } from '../fits/header.js';
import type { FitsImage } from '../fits/image.js';
import type { DiffBase, Pair } from './diff-value.js';
import { describeShape, positionOf, sameShape } from './image-diff.js';
import { readMaskPlanes } from './mask-planes.js';

/** Options of {@link diffMasks}. */
export interface MaskDiffOptions {
  /** How many differing pixels to list; negative for all. Default is 10. */
  readonly maxReportedPixels: number;
}

/** One mask plane compared across both masks. */
export interface MaskPlaneDiff {
  /** The plane name (`MP_<NAME>`), or `BIT<k>` for a set bit that no `MP_*` keyword names. */
  readonly name: string;
  /** The plane's bit in each mask; absent when that mask does not define it. */
  readonly bitA?: number;
  readonly bitB?: number;
  /** Pixels with the plane set in each mask. */
  readonly setInA: number;
  readonly setInB: number;
  /** Pixels where the plane is set in one mask only. */
  readonly differing: number;
}

/** One pixel whose planes differ. */
export interface MaskPixelDifference extends Pair<number> {
  /** One-based FITS-order coordinates. */
  readonly position: readonly number[];
  /** The planes set on one side only. */
  readonly planes: readonly string[];
}

/** Differences between two afw masks, after remapping bits by plane name. */
export interface MaskDiff extends DiffBase<'mask'> {
  readonly shapes?: Pair<readonly number[]>;
  readonly pixelCount: number;
  /** Pixels where any plane differs. */
  readonly differingPixels: number;
  readonly fraction: number;
  /** Every plane defined or used on either side, sorted by name. */
  readonly planes: readonly MaskPlaneDiff[];
  readonly pixels: readonly MaskPixelDifference[];
}

/** A mask image with the header that names its planes. */
export interface MaskInput {
  readonly image: FitsImage;
  readonly header: FitsHeader;
}

interface PlaneBits {
  readonly name: string;
  readonly bitA: number | undefined;
  readonly bitB: number | undefined;
}

/**
 * Compares two masks exactly, plane by plane: a plane is identified by its `MP_*` name, so the same
 * planes at different bit numbers are identical. A plane defined on one side only differs wherever it
 * is set. Bits set without a plane name are compared by bit number as `BIT<k>`.
 */
export function diffMasks(a: MaskInput, b: MaskInput, options: Partial<MaskDiffOptions> = {}): MaskDiff {
  const limit = (options.maxReportedPixels ?? 10) < 0 ? Infinity : (options.maxReportedPixels ?? 10);
  if (!sameShape(a.image.shape, b.image.shape)) {
    const shapes = { a: [...a.image.shape], b: [...b.image.shape] };
    return {
      kind: 'mask',
      identical: false,
      summary: `dimensions differ: ${describeShape(shapes.a)} vs ${describeShape(shapes.b)}`,
      shapes,
      pixelCount: 0,
      differingPixels: 0,
      fraction: 0,
      planes: [],
      pixels: [],
    };
  }
  const valuesA = maskValues(a.image);
  const valuesB = maskValues(b.image);
  const planes = planeBits(readMaskPlanes(a.header), readMaskPlanes(b.header), usedBits(valuesA, a.image.bitpix), usedBits(valuesB, b.image.bitpix));
  const setInA = new Array<number>(planes.length).fill(0);
  const setInB = new Array<number>(planes.length).fill(0);
  const differing = new Array<number>(planes.length).fill(0);
  const pixels: MaskPixelDifference[] = [];
  let differingPixels = 0;
  const n = valuesA.length;
  // Masks hold few distinct values: each distinct (a, b) pair is compared plane by plane once and
  // counted; only pixels of differing pairs are visited again (for the listed positions).
  const pairs = new Map<number, Map<number, PairCount>>();
  let last: PairCount | undefined;
  let lastX = NaN;
  let lastY = NaN;
  for (let i = 0; i < n; i++) {
    const x = valuesA[i] as number;
    const y = valuesB[i] as number;
    if (last === undefined || x !== lastX || y !== lastY) {
      let row = pairs.get(x);
      if (!row) {
        row = new Map();
        pairs.set(x, row);
      }
      last = row.get(y);
      if (!last) {
        last = { a: x, b: y, count: 0, planes: differingPlanes(planes, x, y) };
        row.set(y, last);
      }
      lastX = x;
      lastY = y;
    }
    last.count++;
    if (last.planes.length === 0) continue;
    differingPixels++;
    if (pixels.length < limit) pixels.push({ position: positionOf(i, a.image.shape), a: x, b: y, planes: [...last.planes] });
  }
  for (const row of pairs.values()) {
    for (const { a: x, b: y, count } of row.values()) {
      for (let p = 0; p < planes.length; p++) {
        const { bitA, bitB } = planes[p] as PlaneBits;
        const inA = bitA !== undefined && x !== 0 && bitSet(x, bitA);
        const inB = bitB !== undefined && y !== 0 && bitSet(y, bitB);
        if (inA) setInA[p]! += count;
        if (inB) setInB[p]! += count;
        if (inA !== inB) differing[p]! += count;
      }
    }
  }
  const planeDiffs = planes.map((plane, p) => ({
    name: plane.name,
    ...(plane.bitA === undefined ? {} : { bitA: plane.bitA }),
    ...(plane.bitB === undefined ? {} : { bitB: plane.bitB }),
    setInA: setInA[p] ?? 0,
    setInB: setInB[p] ?? 0,
    differing: differing[p] ?? 0,
  }));
  const fraction = n === 0 ? 0 : differingPixels / n;
  return {
    kind: 'mask',
    identical: differingPixels === 0,
    summary: summarizeMask(differingPixels, n, fraction, planeDiffs),
    pixelCount: n,
    differingPixels,
    fraction,
    planes: planeDiffs,
    pixels,
  };
}

/** Unscaled integer masks (afw's int32) as stored, without a float copy; anything else as physical values. */
function maskValues(image: FitsImage): ArrayLike<number> {
  const { data } = image;
  const plain = !image.isScaled && image.scaling.blank === undefined;
  if (plain && (data instanceof Int32Array || data instanceof Int16Array || data instanceof Uint8Array)) return data;
  return image.physical();
}

interface PairCount {
  readonly a: number;
  readonly b: number;
  count: number;
  /** Names of the planes set on one side only. */
  readonly planes: readonly string[];
}

function differingPlanes(planes: readonly PlaneBits[], x: number, y: number): string[] {
  return planes.filter(({ bitA, bitB }) => (bitA !== undefined && x !== 0 && bitSet(x, bitA)) !== (bitB !== undefined && y !== 0 && bitSet(y, bitB))).map((plane) => plane.name);
}

function planeBits(planesA: Map<string, number>, planesB: Map<string, number>, usedA: readonly number[], usedB: readonly number[]): PlaneBits[] {
  const planes = new Map<string, PlaneBits>();
  for (const name of new Set([...planesA.keys(), ...planesB.keys()])) planes.set(name, { name, bitA: planesA.get(name), bitB: planesB.get(name) });
  const namedA = new Set(planesA.values());
  const namedB = new Set(planesB.values());
  const unnamedA = usedA.filter((bit) => !namedA.has(bit));
  const unnamedB = usedB.filter((bit) => !namedB.has(bit));
  for (const bit of new Set([...unnamedA, ...unnamedB])) {
    const name = `BIT${bit}`;
    planes.set(name, { name, bitA: unnamedA.includes(bit) ? bit : undefined, bitB: unnamedB.includes(bit) ? bit : undefined });
  }
  return [...planes.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** The bits set in any value, in two's complement over the width of `bitpix` (at most 53 bits). */
function usedBits(values: ArrayLike<number>, bitpix: number): number[] {
  const width = bitpix > 0 ? Math.min(bitpix, 53) : 32;
  let low = 0;
  let high = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value === 0 || !Number.isFinite(value)) continue;
    low |= value >>> 0;
    high |= Math.floor(value / 2 ** 32) | 0;
  }
  const bits: number[] = [];
  for (let bit = 0; bit < Math.min(width, 32); bit++) if ((low >>> bit) & 1) bits.push(bit);
  for (let bit = 32; bit < width; bit++) if ((high >>> (bit - 32)) & 1) bits.push(bit);
  return bits;
}

function bitSet(value: number, bit: number): boolean {
  if (bit < 32) return ((value >>> bit) & 1) === 1;
  return ((Math.floor(value / 2 ** bit) % 2) + 2) % 2 === 1;
}

function summarizeMask(differing: number, total: number, fraction: number, planes: readonly MaskPlaneDiff[]): string {
  if (differing === 0) return `${total} mask pixels identical (${planes.length} planes)`;
  const perPlane = planes
    .filter((plane) => plane.differing > 0)
    .map((plane) => `${plane.name} ${plane.differing}`)
    .join(', ');
  return `${differing} of ${total} mask pixels differ (${(fraction * 100).toFixed(2)}%): ${perPlane}`;
}
