import type { DiffSummary, PairResult } from '../results/results-schema.js';
import { formatNumber } from './format-values.js';

/** Plain-text lines describing one comparator summary (used by Markdown, JUnit and HTML). */
export function diffSummaryLines(summary: DiffSummary): string[] {
  switch (summary.kind) {
    case 'image': {
      const plane = summary.plane ? `${summary.plane}: ` : '';
      const lines = [
        `${plane}${formatNumber(summary.differing)} of ${formatNumber(summary.compared)} pixels differ; max |Δ| ${formatNumber(summary.maxAbs)}, mean |Δ| ${formatNumber(summary.meanAbs)}, median |Δ| ${formatNumber(summary.medianAbs)}` +
          (summary.rtol !== undefined || summary.atol !== undefined ? ` (rtol ${summary.rtol ?? 0}, atol ${summary.atol ?? 0})` : ''),
      ];
      if (summary.nonFiniteMismatch) lines.push(`${plane}${summary.nonFiniteMismatch} pixels NaN/inf on one side only`);
      for (const p of summary.maskPlanes.filter((mp) => mp.gen2 !== mp.gen3)) lines.push(`mask plane ${p.plane}: Gen2 ${p.gen2} pixels, Gen3 ${p.gen3} pixels`);
      return lines;
    }
    case 'catalog': {
      const lines = [
        `rows Gen2 ${summary.gen2Rows}, Gen3 ${summary.gen3Rows}, matched ${summary.matched} by ${summary.matchBy}` +
          (summary.matchRadiusArcsec !== undefined ? ` (radius ${summary.matchRadiusArcsec}″)` : ''),
      ];
      if (summary.schemaDifferences.length) lines.push(`schema differs: ${summary.schemaDifferences.join(', ')}`);
      for (const c of summary.columnsOverTolerance) lines.push(`column ${c.column}: ${c.rows} rows over tolerance${c.maxAbs !== undefined ? `, max |Δ| ${formatNumber(c.maxAbs)}` : ''}`);
      for (const m of summary.magnitudeDifferences) lines.push(`${m.column}: Δmag mean ${formatNumber(m.meanMmag)} mmag, median ${formatNumber(m.medianMmag)}, σ ${formatNumber(m.stdevMmag)} (N ${m.n})`);
      return lines;
    }
    case 'header':
      return [
        ...summary.differingKeys.map((k) => `header ${k.key}: Gen2 ${k.gen2} != Gen3 ${k.gen3}`),
        ...(summary.onlyGen2.length ? [`header keys only in Gen2: ${summary.onlyGen2.join(', ')}`] : []),
        ...(summary.onlyGen3.length ? [`header keys only in Gen3: ${summary.onlyGen3.join(', ')}`] : []),
      ];
    case 'text':
      return [...summary.lines];
  }
}

/** Lines describing a pair: its explanation or error, then each summary. */
export function pairLines(pair: PairResult): string[] {
  const lines: string[] = [];
  if (pair.explanation) lines.push(`explained: ${pair.explanation.reason}${pair.explanation.ticket ? ` (${pair.explanation.ticket})` : ''}`);
  if (pair.error) lines.push(`comparator failed: ${pair.error}`);
  if (pair.outcome === 'only-gen2') lines.push('present in Gen2 only');
  if (pair.outcome === 'only-gen3') lines.push('present in Gen3 only');
  for (const s of pair.summaries) lines.push(...diffSummaryLines(s));
  return lines;
}
