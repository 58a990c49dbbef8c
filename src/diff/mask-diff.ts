import { HOST_IS_LITTLE_ENDIAN } from '../fits/bitpix.js';
import type { FitsHeader } from '../fits/header.js';
import type { FitsImage } from '../fits/image.js';
import type { DiffBase, Pair } from './diff-value.js';
import { positionOf, sameShape, shapeMismatch, type StoredImage } from './image-diff.js';
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

/** A mask's undecoded pixels (big-endian bytes and scaling) with the header that names its planes. */
export interface StoredMaskInput {
  readonly stored: StoredImage;
  readonly header: FitsHeader;
}

interface PlaneBits {
  readonly name: string;
  readonly bitA: number | undefined;
  readonly bitB: number | undefined;
}

/** One side of a mask comparison: its pixel values as keys (`decode` turns a key into the value). */
interface MaskSide {
  readonly keys: ArrayLike<number>;
  readonly bitpix: number;
  readonly header: FitsHeader;
}

/**
 * Compares two masks exactly, plane by plane: a plane is identified by its `MP_*` name, so the same
 * planes at different bit numbers are identical. A plane defined on one side only differs wherever it
 * is set. Bits set without a plane name are compared by bit number as `BIT<k>`.
 */
export function diffMasks(a: MaskInput, b: MaskInput, options: Partial<MaskDiffOptions> = {}): MaskDiff {
  if (!sameShape(a.image.shape, b.image.shape)) return { kind: 'mask', ...shapeMismatch(a.image.shape, b.image.shape), planes: [], pixels: [] };
  const side = (input: MaskInput): MaskSide => ({ keys: maskValues(input.image), bitpix: input.image.bitpix, header: input.header });
  return compareMasks(side(a), side(b), (value) => value, a.image.shape, options);
}

/**
 * {@link diffMasks} on the stored bytes, without decoding the masks: pixels are counted by their
 * big-endian words and only the distinct words are decoded; the result is the same. Applies to unscaled
 * masks of one integer BITPIX (8, 16, 32) and one shape; undefined otherwise (the caller decodes them).
 */
export function diffStoredMasks(a: StoredMaskInput, b: StoredMaskInput, options: Partial<MaskDiffOptions> = {}): MaskDiff | undefined {
  const { bitpix, shape } = a.stored;
  if ((bitpix !== 8 && bitpix !== 16 && bitpix !== 32) || bitpix !== b.stored.bitpix || !sameShape(shape, b.stored.shape) || !HOST_IS_LITTLE_ENDIAN) return undefined;
  const wordsA = storedWords(a.stored);
  const wordsB = storedWords(b.stored);
  if (!wordsA || !wordsB) return undefined;
  const bytes = (words: ArrayBufferView): Buffer => Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  // Equal bytes under one header: both sides count the same words (one pass).
  const sameBytes = wordsA.buffer === wordsB.buffer && wordsA.byteOffset === wordsB.byteOffset;
  const keysB = a.header === b.header && (sameBytes || bytes(wordsA).equals(bytes(wordsB))) ? wordsA : wordsB;
  return compareMasks({ keys: wordsA, bitpix, header: a.header }, { keys: keysB, bitpix, header: b.header }, wordDecoder(bitpix), shape, options);
}

/** The pixels of an unscaled integer mask as host words of its big-endian bytes; undefined when that does not apply. */
function storedWords(image: StoredImage): Uint8Array | Uint16Array | Int32Array | undefined {
  const { bitpix, scaling, bytes } = image;
  if (scaling.bscale !== 1 || scaling.bzero !== 0 || scaling.blank !== undefined || (bitpix !== 8 && bitpix !== 16 && bitpix !== 32)) return undefined;
  const size = bitpix / 8;
  const n = image.shape.length === 0 ? 0 : image.shape.reduce((product, axis) => product * axis, 1);
  if (bytes.length < n * size || bytes.byteOffset % size !== 0) return undefined;
  if (bitpix === 8) return bytes.subarray(0, n);
  return bitpix === 16 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n) : new Int32Array(bytes.buffer, bytes.byteOffset, n);
}

/** The value of a host word holding a big-endian element (BITPIX 8 is unsigned, 16 and 32 signed). */
function wordDecoder(bitpix: 8 | 16 | 32): (word: number) => number {
  if (bitpix === 8) return (word) => word;
  if (bitpix === 16) return (word) => (((word & 0xff) << 24) | ((word & 0xff00) << 8)) >> 16;
  return (word) => ((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24);
}


/**
 * The comparison of two masks of one shape. Masks hold few distinct values: the pixels are counted
 * by distinct (a, b) pair, each pair is compared plane by plane once, and only when some pair differs
 * are the pixels visited again (for the listed positions).
 */
function compareMasks(a: MaskSide, b: MaskSide, decode: (key: number) => number, shape: readonly number[], options: Partial<MaskDiffOptions>): MaskDiff {
  const limit = (options.maxReportedPixels ?? 10) < 0 ? Infinity : (options.maxReportedPixels ?? 10);
  const n = a.keys.length;
  const pairs = a.keys === b.keys && a.header === b.header ? sameKeyPairs(a.keys) : keyPairs(a.keys, b.keys);
  // The bits used are the OR of the values: over the distinct values, as over every pixel.
  const distinctB = new Set<number>();
  for (const row of pairs.values()) for (const y of row.keys()) distinctB.add(y);
  const usedA = usedBits([...pairs.keys()].map(decode), a.bitpix);
  const usedB = usedBits([...distinctB].map(decode), b.bitpix);
  const planes = planeBits(readMaskPlanes(a.header), readMaskPlanes(b.header), usedA, usedB);
  const setInA = new Array<number>(planes.length).fill(0);
  const setInB = new Array<number>(planes.length).fill(0);
  const differing = new Array<number>(planes.length).fill(0);
  const differingPairs = new Map<number, Map<number, readonly string[]>>();
  let differingPixels = 0;
  for (const [keyX, row] of pairs) {
    const x = decode(keyX);
    for (const [keyY, count] of row) {
      const y = decode(keyY);
      for (let p = 0; p < planes.length; p++) {
        const { bitA, bitB } = planes[p] as PlaneBits;
        const inA = bitA !== undefined && x !== 0 && bitSet(x, bitA);
        const inB = bitB !== undefined && y !== 0 && bitSet(y, bitB);
        if (inA) setInA[p]! += count;
        if (inB) setInB[p]! += count;
        if (inA !== inB) differing[p]! += count;
      }
      const names = differingPlanes(planes, x, y);
      if (names.length === 0) continue;
      differingPixels += count;
      const differingRow = differingPairs.get(keyX) ?? new Map<number, readonly string[]>();
      differingRow.set(keyY, names);
      differingPairs.set(keyX, differingRow);
    }
  }
  const pixels: MaskPixelDifference[] = [];
  for (let i = 0; differingPixels > 0 && i < n && pixels.length < limit; i++) {
    const keyX = a.keys[i] as number;
    const keyY = b.keys[i] as number;
    const names = differingPairs.get(keyX)?.get(keyY);
    if (names) pixels.push({ position: positionOf(i, shape), a: decode(keyX), b: decode(keyY), planes: [...names] });
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

/** How many pixels hold each distinct (a, b) pair of keys (runs of one pair counted at once). */
function keyPairs(keysA: ArrayLike<number>, keysB: ArrayLike<number>): Map<number, Map<number, number>> {
  const counts = new PairCounts();
  const n = keysA.length;
  for (let i = 0; i < n; ) {
    const x = keysA[i] as number;
    const y = keysB[i] as number;
    let j = i + 1;
    while (j < n && keysA[j] === x && keysB[j] === y) j++;
    counts.add(x, y, j - i);
    i = j;
  }
  return counts.toMap();
}

/** {@link keyPairs} of a mask compared with itself: only (x, x) pairs. */
function sameKeyPairs(keys: ArrayLike<number>): Map<number, Map<number, number>> {
  const counts = new PairCounts();
  const n = keys.length;
  for (let i = 0; i < n; ) {
    const x = keys[i] as number;
    let j = i + 1;
    while (j < n && keys[j] === x) j++;
    counts.add(x, x, j - i);
    i = j;
  }
  return counts.toMap();
}

/** Keys are the same as map keys are (SameValueZero: NaN is NaN, −0 is 0). */
function sameKey(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** Counts of (x, y) pairs: masks hold few distinct pairs, searched in a short list; a map takes the rest. */
class PairCounts {
  static readonly #LISTED = 32;
  readonly #xs: number[] = [];
  readonly #ys: number[] = [];
  readonly #counts: number[] = [];
  readonly #more = new Map<number, Map<number, number>>();

  add(x: number, y: number, count: number): void {
    const xs = this.#xs;
    const ys = this.#ys;
    for (let k = 0; k < xs.length; k++) {
      if (sameKey(xs[k] as number, x) && sameKey(ys[k] as number, y)) {
        this.#counts[k]! += count;
        return;
      }
    }
    if (xs.length < PairCounts.#LISTED) {
      xs.push(x);
      ys.push(y);
      this.#counts.push(count);
      return;
    }
    addPair(this.#more, x, y, count);
  }

  toMap(): Map<number, Map<number, number>> {
    const pairs = new Map<number, Map<number, number>>();
    this.#xs.forEach((x, k) => addPair(pairs, x, this.#ys[k] as number, this.#counts[k] as number));
    for (const [x, row] of this.#more) for (const [y, count] of row) addPair(pairs, x, y, count);
    return pairs;
  }
}

function addPair(pairs: Map<number, Map<number, number>>, x: number, y: number, count: number): void {
  let row = pairs.get(x);
  if (!row) {
    row = new Map();
    pairs.set(x, row);
  }
  row.set(y, (row.get(y) ?? 0) + count);
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
