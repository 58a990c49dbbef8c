import { OUTCOMES, totalOf, type OutcomeCounts } from '../../results/outcome.js';
import { escapeMarkup as e } from '../escape-markup.js';
import { OUTCOME_COLORS, OUTCOME_LABELS } from '../outcome-style.js';
import { svgFrame, svgText } from './svg-frame.js';

/** One row of {@link outcomeBarsChart}. */
export interface OutcomeBarRow {
  readonly label: string;
  readonly counts: OutcomeCounts;
}

/** Horizontal stacked bars: per row (dataset type), pairs per outcome, with a legend. */
export function outcomeBarsChart(rows: readonly OutcomeBarRow[], title = 'Pairs per dataset type and outcome'): string {
  const left = 12 + Math.min(180, 7 * Math.max(8, ...rows.map((r) => r.label.length)));
  const barW = 420;
  const rowH = 24;
  const top = 34;
  const width = Math.max(left + barW + 70, 10 + OUTCOMES.reduce((w, o) => w + 26 + OUTCOME_LABELS[o].length * 6, 0));
  const height = top + rowH * Math.max(rows.length, 1) + 10;
  const max = Math.max(1, ...rows.map((r) => totalOf(r.counts)));
  let body = '';
  let legendX = 10;
  for (const o of OUTCOMES) {
    body += `<rect x="${legendX}" y="8" width="10" height="10" fill="${OUTCOME_COLORS[o]}"/>` + svgText(legendX + 14, 17, OUTCOME_LABELS[o], 'class="legend"');
    legendX += 26 + OUTCOME_LABELS[o].length * 6;
  }
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    body += svgText(left - 8, y + rowH / 2 + 4, row.label, 'text-anchor="end" class="axis-label"');
    let x = left;
    body += `<g class="outcome-bar" data-label="${e(row.label)}">`;
    for (const o of OUTCOMES) {
      const n = row.counts[o];
      if (n === 0) continue;
      const w = (n / max) * barW;
      body += `<rect class="segment" data-outcome="${o}" data-count="${n}" x="${x.toFixed(2)}" y="${y + 3}" width="${w.toFixed(2)}" height="${rowH - 6}" fill="${OUTCOME_COLORS[o]}"><title>${e(row.label)}: ${n} ${OUTCOME_LABELS[o]}</title></rect>`;
      x += w;
    }
    body += svgText(x + 6, y + rowH / 2 + 4, String(totalOf(row.counts)), 'class="value"') + '</g>';
  });
  return svgFrame({ kind: 'outcome-bars', width, height, title }, body);
}
