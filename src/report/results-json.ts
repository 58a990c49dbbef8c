import type { ParityResults } from '../results/results-schema.js';

/** Renders parity results as normalised `results.json` text (defaults filled in, two-space indent). */
export function renderResultsJson(results: ParityResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
