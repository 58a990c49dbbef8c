import type { DiffBase, Pair } from './diff-value.js';

/** One differing byte. */
export interface ByteDifference extends Pair<number> {
  /** Zero-based offset in the data unit. */
  readonly offset: number;
}

/** Differences between two data units compared as bytes (astropy `RawDataDiff`). */
export interface RawDataDiff extends DiffBase<'raw'> {
  /** Set when the sizes differ; nothing else is compared then. */
  readonly sizes?: Pair<number>;
  readonly byteCount: number;
  readonly differingBytes: number;
  readonly fraction: number;
  readonly bytes: readonly ByteDifference[];
}

/** Compares two data units byte by byte; `maxReportedBytes` < 0 lists every difference. */
export function diffRawData(a: Uint8Array, b: Uint8Array, options: { maxReportedBytes?: number } = {}): RawDataDiff {
  if (a.length !== b.length) {
    return {
      kind: 'raw',
      identical: false,
      summary: `data sizes differ: ${a.length} vs ${b.length} bytes`,
      sizes: { a: a.length, b: b.length },
      byteCount: 0,
      differingBytes: 0,
      fraction: 0,
      bytes: [],
    };
  }
  const limit = (options.maxReportedBytes ?? 10) < 0 ? Infinity : (options.maxReportedBytes ?? 10);
  const bytes: ByteDifference[] = [];
  let differing = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    differing++;
    if (bytes.length < limit) bytes.push({ offset: i, a: a[i] as number, b: b[i] as number });
  }
  const fraction = a.length === 0 ? 0 : differing / a.length;
  const summary = differing === 0 ? `${a.length} bytes identical` : `${differing} of ${a.length} bytes differ (${(fraction * 100).toFixed(2)}%)`;
  return { kind: 'raw', identical: differing === 0, summary, byteCount: a.length, differingBytes: differing, fraction, bytes };
}
