/** Orders two stored-comparable values: numbers and bigints numerically, everything else as strings; null first. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return a < b ? -1 : a > b ? 1 : 0;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether consecutive rows never go down in key order (one pass, nothing allocated). */
function inKeyOrder(positions: readonly number[], rows: readonly (readonly unknown[])[]): boolean {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    for (const p of positions) {
      const c = compareValues(a[p], b[p]);
      if (c < 0) break;
      if (c > 0) return false;
    }
  }
  return true;
}

/**
 * `rows` (values in `columns` order) sorted by the `key` columns, or `rows` itself when the key is
 * not among the columns or the rows are already in order. Inserting in key order fills each B-tree page once instead of touching
 * pages at random (dashed lowercase UUID text sorts like the stored bytes).
 */
export function rowsInKeyOrder<R extends readonly unknown[]>(columns: readonly string[], key: readonly string[], rows: readonly R[]): readonly R[] {
  if (key.length === 0 || rows.length < 2) return rows;
  const positions = key.map((k) => columns.indexOf(k));
  if (positions.some((p) => p < 0)) return rows;
  if (inKeyOrder(positions, rows)) return rows;
  // common case (text keys such as dashed UUIDs): one precomputed string per row, compared natively
  if (rows.every((r) => positions.every((p) => typeof r[p] === 'string'))) {
    const keys = rows.map((r) => positions.map((p) => r[p] as string).join('\u0000'));
    const order = Array.from({ length: rows.length }, (_, i) => i);
    order.sort((i, j) => {
      const x = keys[i]!;
      const y = keys[j]!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return order.map((i) => rows[i]!);
  }
  return [...rows].sort((a, b) => {
    for (const p of positions) {
      const c = compareValues(a[p], b[p]);
      if (c !== 0) return c;
    }
    return 0;
  });
}
