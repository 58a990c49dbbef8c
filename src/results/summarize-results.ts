import { addCounts, emptyCounts, verdictOf, type OutcomeCounts, type Verdict } from './outcome.js';
import type { Comparison, ParityResults } from './results-schema.js';

/** Counts and verdict of one comparison. */
export interface ComparisonSummary {
  readonly comparison: Comparison;
  readonly counts: OutcomeCounts;
  readonly verdict: Verdict;
}

/** One cell of the instrument × dataset type parity matrix. */
export interface MatrixCell {
  readonly instrument: string;
  readonly datasetType: string;
  readonly counts: OutcomeCounts;
  /** `empty` also when no comparison exists for the cell (see `present`). */
  readonly verdict: Verdict;
  readonly present: boolean;
}

/** Everything the renderers show, computed once from the results. */
export interface ResultsSummary {
  readonly totals: OutcomeCounts;
  readonly verdict: Verdict;
  readonly comparisons: readonly ComparisonSummary[];
  /** Per dataset type over all instruments, in first-seen order. */
  readonly datasetTypes: readonly { datasetType: string; counts: OutcomeCounts; verdict: Verdict }[];
  readonly matrix: { readonly instruments: readonly string[]; readonly datasetTypes: readonly string[]; readonly cells: readonly MatrixCell[] };
  /** Counts per milestone/blocker id the comparisons are evidence for. */
  readonly evidence: readonly { id: string; counts: OutcomeCounts; verdict: Verdict }[];
}

/** Counts the outcomes of one comparison's pairs. */
export function countComparison(comparison: Comparison): OutcomeCounts {
  const counts = emptyCounts();
  for (const pair of comparison.pairs) counts[pair.outcome] += 1;
  if (comparison.error !== undefined) counts.failed += 1;
  return counts;
}

function grouped<K>(keys: readonly K[], keyOf: (k: K) => string): Map<string, OutcomeCounts> {
  const map = new Map<string, OutcomeCounts>();
  for (const k of keys) if (!map.has(keyOf(k))) map.set(keyOf(k), emptyCounts());
  return map;
}

/** Summarises parity results: totals, per comparison, per dataset type, the matrix and evidence. */
export function summarizeResults(results: ParityResults): ResultsSummary {
  const comparisons = results.comparisons.map((comparison) => {
    const counts = countComparison(comparison);
    return { comparison, counts, verdict: verdictOf(counts) };
  });
  const totals = emptyCounts();
  for (const c of comparisons) addCounts(totals, c.counts);

  const byType = grouped(comparisons, (c) => c.comparison.datasetType);
  const cellKey = (instrument: string, datasetType: string): string => `${instrument}\u0000${datasetType}`;
  const byCell = new Map<string, OutcomeCounts>();
  const evidence = new Map<string, OutcomeCounts>();
  for (const { comparison, counts } of comparisons) {
    addCounts(byType.get(comparison.datasetType) ?? emptyCounts(), counts);
    const key = cellKey(comparison.instrument, comparison.datasetType);
    byCell.set(key, addCounts(byCell.get(key) ?? emptyCounts(), counts));
    for (const id of comparison.evidenceFor) evidence.set(id, addCounts(evidence.get(id) ?? emptyCounts(), counts));
  }
  const datasetTypes = [...byType.keys()];
  const cells: MatrixCell[] = [];
  for (const instrument of results.instruments) {
    for (const datasetType of datasetTypes) {
      const counts = byCell.get(cellKey(instrument, datasetType));
      cells.push({ instrument, datasetType, counts: counts ?? emptyCounts(), verdict: verdictOf(counts ?? {}), present: counts !== undefined });
    }
  }
  return {
    totals,
    verdict: verdictOf(totals),
    comparisons,
    datasetTypes: [...byType].map(([datasetType, counts]) => ({ datasetType, counts, verdict: verdictOf(counts) })),
    matrix: { instruments: results.instruments, datasetTypes, cells },
    evidence: [...evidence].map(([id, counts]) => ({ id, counts, verdict: verdictOf(counts) })),
  };
}
