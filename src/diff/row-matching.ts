/** How catalog rows are paired. */
export type RowMatchRule =
  /** By an id column when both catalogs have `id`, else by position in the table. */
  | { readonly by: 'auto' }
  | { readonly by: 'row' }
  | { readonly by: 'id'; readonly column: string }
  /** Nearest neighbour on the sky within `radiusArcsec`; `ra`/`dec` in radians (afw) or degrees. */
  | { readonly by: 'sky'; readonly ra: string; readonly dec: string; readonly radiusArcsec: number; readonly units?: 'rad' | 'deg' }
  /** Nearest neighbour in pixel coordinates within `radius` pixels. */
  | { readonly by: 'pixel'; readonly x: string; readonly y: string; readonly radius: number };

/** Pairs of rows (zero-based indices in each catalog). */
export interface RowMatches {
  readonly pairs: readonly (readonly [number, number])[];
  /** Ids occurring more than once (id matching only); their extra rows stay unmatched. */
  readonly duplicateIds?: { readonly a: number; readonly b: number };
}

/** Pairs rows with equal ids (first occurrence of each id). */
export function matchById(idsA: ArrayLike<number | bigint>, idsB: ArrayLike<number | bigint>): RowMatches {
  const index = (ids: ArrayLike<number | bigint>): { rows: Map<string, number>; duplicates: number } => {
    const rows = new Map<string, number>();
    let duplicates = 0;
    for (let i = 0; i < ids.length; i++) {
      const key = String(ids[i]);
      if (rows.has(key)) duplicates++;
      else rows.set(key, i);
    }
    return { rows, duplicates };
  };
  const a = index(idsA);
  const b = index(idsB);
  const pairs: [number, number][] = [];
  for (const [key, rowA] of a.rows) {
    const rowB = b.rows.get(key);
    if (rowB !== undefined) pairs.push([rowA, rowB]);
  }
  return { pairs, ...(a.duplicates + b.duplicates > 0 ? { duplicateIds: { a: a.duplicates, b: b.duplicates } } : {}) };
}

/** Pairs row i with row i for the rows both catalogs have. */
export function matchByRow(rowsA: number, rowsB: number): RowMatches {
  return { pairs: Array.from({ length: Math.min(rowsA, rowsB) }, (_, i) => [i, i] as const) };
}

/**
 * Pairs rows by position: each candidate pair within `radius` (by `distance`), accepted closest
 * first, each row used once. Rows are bucketed by `key(row)` (a coordinate monotonic with distance,
 * e.g. declination) so that only neighbours within `window` are examined.
 */
export function matchByPosition(
  countA: number,
  countB: number,
  key: { a: (row: number) => number; b: (row: number) => number },
  window: number,
  distance: (rowA: number, rowB: number) => number,
  radius: number,
): RowMatches {
  const sortedB = Array.from({ length: countB }, (_, i) => i)
    .filter((row) => Number.isFinite(key.b(row)))
    .sort((x, y) => key.b(x) - key.b(y));
  const keysB = sortedB.map((row) => key.b(row));
  const candidates: [number, number, number][] = [];
  for (let rowA = 0; rowA < countA; rowA++) {
    const k = key.a(rowA);
    if (!Number.isFinite(k)) continue;
    for (let j = lowerBound(keysB, k - window); j < keysB.length && (keysB[j] as number) <= k + window; j++) {
      const rowB = sortedB[j] as number;
      const d = distance(rowA, rowB);
      if (d <= radius) candidates.push([d, rowA, rowB]);
    }
  }
  candidates.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: [number, number][] = [];
  for (const [, rowA, rowB] of candidates) {
    if (usedA.has(rowA) || usedB.has(rowB)) continue;
    usedA.add(rowA);
    usedB.add(rowB);
    pairs.push([rowA, rowB]);
  }
  return { pairs: pairs.sort((x, y) => x[0] - y[0]) };
}

/** Angular separation in radians (haversine formula, stable for small angles). */
export function angularSeparation(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const sinDDec = Math.sin((dec2 - dec1) / 2);
  const sinDRa = Math.sin((ra2 - ra1) / 2);
  const h = sinDDec * sinDDec + Math.cos(dec1) * Math.cos(dec2) * sinDRa * sinDRa;
  return 2 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
