/** 1.001 days in nanoseconds: gaps and overlaps shorter than this are closed (obs_base `c026f567`). */
export const VALIDITY_REPAIR_LIMIT_NS = 86_486_400_000_000n;

/** A validity range in TAI nanoseconds, end exclusive. */
export interface ValidityRange {
  readonly begin: bigint;
  readonly end: bigint;
}

/** One discontinuity between consecutive ranges of a sequence. */
export interface ValidityDiscontinuity {
  readonly kind: 'gap' | 'overlap';
  /** Index (in sorted order) of the earlier range. */
  readonly index: number;
  readonly previousEnd: bigint;
  readonly nextBegin: bigint;
  /** True when the earlier range's end was moved to the next begin. */
  readonly repaired: boolean;
}

/**
 * The reference's validity repair for the ranges of one (dataset type, data ID): sort by begin;
 * when `0 < |next.begin − prev.end| < 1.001 day`, set `prev.end = next.begin` (validStart is
 * trusted); larger gaps and overlaps are reported, not changed (certification then fails on
 * overlaps). Pure: returns new objects.
 */
export function repairValidity<T extends ValidityRange>(ranges: readonly T[]): { ranges: T[]; discontinuities: ValidityDiscontinuity[] } {
  const sorted = [...ranges].sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : 0)).map((r) => ({ ...r }));
  const discontinuities: ValidityDiscontinuity[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const prev = sorted[i]!;
    const next = sorted[i + 1]!;
    const delta = next.begin - prev.end;
    if (delta === 0n) continue;
    const size = delta < 0n ? -delta : delta;
    const repaired = size < VALIDITY_REPAIR_LIMIT_NS;
    discontinuities.push({ kind: delta > 0n ? 'gap' : 'overlap', index: i, previousEnd: prev.end, nextBegin: next.begin, repaired });
    if (repaired) (prev as { end: bigint }).end = next.begin;
  }
  return { ranges: sorted, discontinuities };
}
