/**
 * Detection and measurement: background estimated and subtracted (→ `calexp`), then threshold
 * detection and footprint measurement (→ `src`, one row per footprint). Source ids pack visit,
 * detector and the footprint's rank, identically on both generations.
 */
import type { Catalog } from '../catalog-table.js';
import type { MaskedImage, MetadataCard } from '../masked-image.js';
import type { ObservationInfo } from '../neutral-butler.js';
import type { DetectConfig } from '../task-config.js';
import { estimateBackground } from './background.js';
import { detectFootprints, type Footprint } from './footprints.js';

/** What detection produces for one visit × detector. */
export interface DetectResult {
  readonly calexp: MaskedImage;
  readonly sources: Catalog;
  readonly footprints: readonly Footprint[];
  readonly backgroundMean: number;
}

/** The id of the `n`-th source (0-based) of a visit × detector. */
export function sourceId(visit: number, detector: number, n: number): bigint {
  return (BigInt(visit) * 1000n + BigInt(detector)) * 100_000n + BigInt(n + 1);
}

/** Subtracts the background, detects and measures. The input is not modified. */
export function detectSources(postIsr: MaskedImage, config: DetectConfig, obs: ObservationInfo): DetectResult {
  const bg = estimateBackground(postIsr, config.backgroundBinSize);
  const n = postIsr.width * postIsr.height;
  const image = new Float32Array(n);
  for (let i = 0; i < n; i++) image[i] = postIsr.image[i]! - bg.values[i]!;
  const metadata: MetadataCard[] = [
    ...postIsr.metadata,
    ['BGMEAN', bg.mean, '[adu] Mean of the background cell medians'],
    ['BGBINSZ', config.backgroundBinSize, '[pix] Background cell size'],
  ];
  const calexp: MaskedImage = { width: postIsr.width, height: postIsr.height, image, mask: Int32Array.from(postIsr.mask), variance: Float32Array.from(postIsr.variance), metadata };
  const footprints = detectFootprints(calexp, config.thresholdValue, config.minPixels);
  const rows = footprints.length;
  const col = <T>(f: (fp: Footprint, i: number) => T): T[] => footprints.map(f);
  const sources: Catalog = {
    rows,
    metadata: [
      ['VISIT', obs.visit, 'Visit'],
      ['DETECTOR', obs.detector, 'Detector'],
      ['FILTER', obs.physicalFilter, 'Physical filter'],
      ['NSOURCES', rows, 'Number of sources'],
      ['DETTHRSH', config.thresholdValue, '[sigma] Detection threshold'],
    ],
    columns: [
      { name: 'id', values: BigInt64Array.from(col((_, i) => sourceId(obs.visit, obs.detector, i))), doc: 'unique source id' },
      { name: 'parent', values: new BigInt64Array(rows), doc: 'parent source id (0: none)' },
      { name: 'centroid_x', values: Float64Array.from(col((f) => f.centroidX)), unit: 'pixel', doc: 'flux-weighted centroid x' },
      { name: 'centroid_y', values: Float64Array.from(col((f) => f.centroidY)), unit: 'pixel', doc: 'flux-weighted centroid y' },
      { name: 'flux', values: Float64Array.from(col((f) => f.flux)), unit: 'adu', doc: 'sum of the footprint pixels' },
      { name: 'flux_err', values: Float64Array.from(col((f) => f.fluxErr)), unit: 'adu', doc: 'sqrt of the summed variance' },
      { name: 'peak_value', values: Float32Array.from(col((f) => f.peakValue)), unit: 'adu', doc: 'highest pixel' },
      { name: 'peak_x', values: Int32Array.from(col((f) => f.peakX)), unit: 'pixel', doc: 'x of the highest pixel' },
      { name: 'peak_y', values: Int32Array.from(col((f) => f.peakY)), unit: 'pixel', doc: 'y of the highest pixel' },
      { name: 'npix', values: Int32Array.from(col((f) => f.pixels.length)), doc: 'footprint area' },
      { name: 'bbox_x0', values: Int32Array.from(col((f) => f.bbox.x0)), unit: 'pixel', doc: 'footprint bounding box' },
      { name: 'bbox_y0', values: Int32Array.from(col((f) => f.bbox.y0)), unit: 'pixel', doc: 'footprint bounding box' },
      { name: 'bbox_x1', values: Int32Array.from(col((f) => f.bbox.x1)), unit: 'pixel', doc: 'footprint bounding box' },
      { name: 'bbox_y1', values: Int32Array.from(col((f) => f.bbox.y1)), unit: 'pixel', doc: 'footprint bounding box' },
      { name: 'flag_saturated', values: col((f) => f.saturated), doc: 'a footprint pixel is saturated' },
    ],
  };
  return { calexp, sources, footprints, backgroundMean: bg.mean };
}
