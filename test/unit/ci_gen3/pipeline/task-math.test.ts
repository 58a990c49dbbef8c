import { describe, expect, it } from 'vitest';
import { FitsHeader } from '../../../../src/fits/header.js';
import { maskBit, type MaskedImage, type PlainImage } from '../../../../ci_gen3/pipeline/masked-image.js';
import { estimateBackground } from '../../../../ci_gen3/pipeline/tasks/background.js';
import { detectSources, sourceId } from '../../../../ci_gen3/pipeline/tasks/detect.js';
import { detectFootprints } from '../../../../ci_gen3/pipeline/tasks/footprints.js';
import { isrCorrect } from '../../../../ci_gen3/pipeline/tasks/isr.js';
import { summarizeVisit, type DetectorSummaryInput } from '../../../../ci_gen3/pipeline/tasks/visit-summary.js';
import { DEFAULT_ISR_CONFIG } from '../../../../ci_gen3/pipeline/task-config.js';

function plain(width: number, height: number, values: number[], cards: Record<string, string | number> = {}): PlainImage {
  const header = new FitsHeader();
  for (const [k, v] of Object.entries(cards)) header.set(k, v);
  return { width, height, pixels: Float64Array.from(values), header };
}

function masked(width: number, height: number, image: number[], variance = 1, mask?: number[]): MaskedImage {
  return { width, height, image: Float32Array.from(image), mask: Int32Array.from(mask ?? image.map(() => 0)), variance: new Float32Array(width * height).fill(variance), metadata: [] };
}

describe('isrCorrect', () => {
  const raw = plain(3, 2, [1100, 1200, 65535, 1010, 1000, 1300], { GAIN: 2, RDNOISE: 4, EXPID: 7 });
  const bias = plain(3, 2, [100, 100, 100, 10, 0, 100], { CALIBDATE: '2020-03-01' });
  const flat = plain(3, 2, [1, 0.5, 1, 2, 0, 1], { CALIBDATE: '2020-03-03' });

  it('subtracts the bias, divides by the flat, masks saturation and non-positive flats', () => {
    const out = isrCorrect(raw, { bias, flat }, DEFAULT_ISR_CONFIG);
    expect(Array.from(out.image)).toEqual([1000, 2200, 65435, 500, 0, 1200]);
    expect(Array.from(out.mask)).toEqual([0, 0, maskBit('SAT'), 0, maskBit('NO_DATA') | maskBit('BAD'), 0]);
    // variance = max(image, 0) / gain + (readNoise / gain)^2
    expect(Array.from(out.variance)).toEqual([504, 1104, Math.fround(65435 / 2 + 4), 254, 4, 604]);
    expect(out.metadata).toContainEqual(['ISRBIAS', '2020-03-01', 'CALIBDATE of the bias applied']);
    expect(out.metadata).toContainEqual(['ISRFLAT', '2020-03-03', 'CALIBDATE of the flat applied']);
    expect(out.metadata.find((c) => c[0] === 'EXPID')?.[1]).toBe(7);
  });

  it('skips steps the config turns off and refuses mismatched shapes or a missing gain', () => {
    const out = isrCorrect(raw, {}, { ...DEFAULT_ISR_CONFIG, doBias: false, doFlat: false });
    expect(Array.from(out.image)).toEqual([1100, 1200, 65535, 1010, 1000, 1300]);
    expect(() => isrCorrect(raw, { bias: plain(2, 2, [0, 0, 0, 0]), flat }, DEFAULT_ISR_CONFIG)).toThrow(/bias is 2×2, the raw is 3×2/);
    expect(() => isrCorrect(plain(3, 2, [0, 0, 0, 0, 0, 0]), { bias, flat }, DEFAULT_ISR_CONFIG)).toThrow(/GAIN/);
    expect(() => isrCorrect(raw, { flat }, DEFAULT_ISR_CONFIG)).toThrow(/no bias/);
  });
});

describe('estimateBackground', () => {
  it('is the cell median, ignores masked pixels and interpolates between cell centres', () => {
    // 4×1 image, cells of 2: [1, 3 | 10, 1000(SAT)] → medians 2 and 10; centres at x = 0.5 and 2.5.
    const bg = estimateBackground(masked(4, 1, [1, 3, 10, 1000], 1, [0, 0, 0, maskBit('SAT')]), 2);
    expect(Array.from(bg.cells)).toEqual([2, 10]);
    expect(Array.from(bg.values)).toEqual([2, 4, 8, 10]);
    expect(bg.mean).toBe(6);
  });

  it('fills an empty cell with the median of the others', () => {
    const bg = estimateBackground(masked(6, 1, [5, 5, 7, 7, 1, 1], 1, [0, 0, 0, 0, maskBit('BAD'), maskBit('NO_DATA')]), 2);
    expect(Array.from(bg.cells)).toEqual([5, 7, 6]);
  });
});

describe('detectFootprints', () => {
  // 6×4: an L-shaped 8-connected object (5 px, one diagonal link) and a 2-pixel object dropped by minPixels.
  const image = [
    0, 9, 0, 0, 0, 0,
    0, 9, 0, 0, 8, 8,
    0, 0, 9, 0, 0, 0,
    0, 0, 9, 9, 0, 0,
  ];

  it('finds 8-connected footprints in raster order, drops small ones and measures them', () => {
    const mi = masked(6, 4, image, 4);
    const fps = detectFootprints(mi, 2, 3);
    expect(fps).toHaveLength(1);
    const fp = fps[0]!;
    expect(fp.pixels).toEqual([1, 7, 14, 20, 21]);
    expect(fp.flux).toBe(45);
    expect(fp.fluxErr).toBe(Math.sqrt(20));
    expect(fp.centroidX).toBeCloseTo((1 + 1 + 2 + 2 + 3) / 5, 12);
    expect(fp.centroidY).toBeCloseTo((0 + 1 + 2 + 3 + 3) / 5, 12);
    expect(fp.bbox).toEqual({ x0: 1, y0: 0, x1: 3, y1: 3 });
    expect([fp.peakX, fp.peakY, fp.peakValue]).toEqual([1, 0, 9]);
    expect(Array.from(mi.mask).filter((m) => m === maskBit('DETECTED'))).toHaveLength(5);
    expect(mi.mask[10]).toBe(0);
  });

  it('compares against threshold × sqrt(variance)', () => {
    expect(detectFootprints(masked(6, 4, image, 25), 2, 1)).toHaveLength(0);
    expect(detectFootprints(masked(6, 4, image, 4), 2, 1)).toHaveLength(2);
  });
});

describe('detectSources', () => {
  it('subtracts the background, packs source ids and leaves the input alone', () => {
    const values = Array.from({ length: 64 }, () => 100);
    for (const i of [18, 19, 26, 27, 28]) values[i] = 200;
    const input = masked(8, 8, values, 4);
    const r = detectSources(input, { backgroundBinSize: 8, thresholdValue: 5, minPixels: 3 }, { visit: 1003, exposure: 1003, detector: 2, physicalFilter: 'DEMO-R' });
    expect(r.backgroundMean).toBe(100);
    expect(r.calexp.image[0]).toBe(0);
    expect(r.calexp.image[18]).toBe(100);
    expect(input.image[18]).toBe(200);
    expect(input.mask[18]).toBe(0);
    expect(r.sources.rows).toBe(1);
    const id = r.sources.columns.find((c) => c.name === 'id')!.values as BigInt64Array;
    expect(id[0]).toBe(100300200001n);
    expect(sourceId(1003, 2, 0)).toBe(100300200001n);
    expect(r.calexp.metadata).toContainEqual(['BGMEAN', 100, '[adu] Mean of the background cell medians']);
  });
});

describe('summarizeVisit', () => {
  const input = (detector: number, fluxes: number[]): DetectorSummaryInput => ({
    obs: { visit: 5, exposure: 5, detector, physicalFilter: 'DEMO-G' },
    backgroundMean: 10 * detector,
    sourceFluxes: Float64Array.from(fluxes),
    centroidX: Float64Array.from(fluxes.map((_, i) => i)),
    centroidY: Float64Array.from(fluxes.map(() => 1)),
  });
  const inputs = [input(2, [1e8, 3]), input(0, [0.1]), input(1, [])];

  it('writes one row per detector sorted by detector, whatever the input order', () => {
    const a = summarizeVisit(5, inputs);
    const b = summarizeVisit(5, [...inputs].reverse());
    expect(a).toEqual(b);
    const col = (name: string) => Array.from(a.columns.find((c) => c.name === name)!.values as ArrayLike<unknown>);
    expect(col('id')).toEqual([0n, 1n, 2n]);
    expect(col('n_sources')).toEqual([1, 0, 2]);
    expect(col('total_flux')).toEqual([0.1, 0, 1e8 + 3]);
    expect(col('bg_mean')).toEqual([0, 10, 20]);
    expect(col('mean_centroid_x')[1]).toBeNaN();
  });

  it('depends on the input order when told to keep it (fault injection)', () => {
    const given = summarizeVisit(5, inputs, 'as-given');
    const reversed = summarizeVisit(5, [...inputs].reverse(), 'as-given');
    const col = (c: typeof given, name: string) => Array.from(c.columns.find((x) => x.name === name)!.values as ArrayLike<unknown>);
    expect(col(given, 'id')).toEqual([2n, 0n, 1n]);
    expect(col(reversed, 'id')).toEqual([1n, 0n, 2n]);
    // float32 running sums in row order: 1e8+3 then + 0.1 is absorbed; in the other order 0.1 + 1e8+3 differs in the last row only by rounding.
    expect(col(given, 'visit_flux_running')).toEqual([Math.fround(1e8 + 3), Math.fround(Math.fround(1e8 + 3) + Math.fround(0.1)), Math.fround(Math.fround(1e8 + 3) + Math.fround(0.1))]);
    expect(col(reversed, 'visit_flux_running')[0]).toBe(0);
  });
});
