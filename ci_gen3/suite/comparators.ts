/**
 * Comparator names a suite comparison may use (ARCHITECTURE §6): pixels, mask planes by name,
 * headers after the ignore rules, catalogs (schema + matched rows), pex_config dumps, YAML/JSON
 * structure, text lines, raw bytes (conversion parity).
 */
export const COMPARATORS = ['image', 'mask', 'header', 'catalog', 'config', 'yaml', 'text', 'bytes'] as const;
/** A comparator name. */
export type ComparatorName = (typeof COMPARATORS)[number];

/** Comparators that accept `tolerances.rtol` / `tolerances.atol`. */
export const NUMERIC_COMPARATORS: readonly ComparatorName[] = ['image', 'catalog', 'config', 'yaml'];
