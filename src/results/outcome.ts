/**
 * Pairing outcomes of one Gen2/Gen3 data-ID pair, in report order (worst problems last but one:
 * `failed` means the comparator itself could not run).
 */
export const OUTCOMES = ['identical', 'within-tolerance', 'explained', 'different', 'only-gen2', 'only-gen3', 'failed'] as const;
/** One pairing outcome. */
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes that make a comparison fail (unexplained differences, unpaired data IDs, comparator errors). */
export const PROBLEM_OUTCOMES: readonly Outcome[] = ['different', 'only-gen2', 'only-gen3', 'failed'];

/** Counts per outcome; every key present. */
export type OutcomeCounts = Record<Outcome, number>;

/** A zeroed {@link OutcomeCounts}. */
export function emptyCounts(): OutcomeCounts {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function addCounts(a: OutcomeCounts, b: Partial<OutcomeCounts>): OutcomeCounts {
  for (const o of OUTCOMES) a[o] += b[o] ?? 0;
  return a;
}

/** Total pairs counted. */
export function totalOf(counts: Partial<OutcomeCounts>): number {
  return OUTCOMES.reduce((sum, o) => sum + (counts[o] ?? 0), 0);
}

/** Pairs whose outcome is a problem. */
export function problemsOf(counts: Partial<OutcomeCounts>): number {
  return PROBLEM_OUTCOMES.reduce((sum, o) => sum + (counts[o] ?? 0), 0);
}

/**
 * The verdict of a set of counts: `fail` when any problem outcome occurs, `empty` when nothing was
 * compared, `pass` otherwise (identical, within tolerance or explained).
 */
export type Verdict = 'pass' | 'fail' | 'empty';

/** {@link Verdict} of `counts`. */
export function verdictOf(counts: Partial<OutcomeCounts>): Verdict {
  if (problemsOf(counts) > 0) return 'fail';
  return totalOf(counts) === 0 ? 'empty' : 'pass';
}
