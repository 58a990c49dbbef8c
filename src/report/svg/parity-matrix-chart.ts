import { totalOf, problemsOf } from '../../results/outcome.js';
import type { ResultsSummary } from '../../results/summarize-results.js';
import { VERDICT_COLORS } from '../outcome-style.js';
import { escapeMarkup as e } from '../escape-markup.js';
import { svgFrame, svgText } from './svg-frame.js';

/** The instrument × dataset type parity matrix: one cell per pair, coloured by verdict, with problem/total counts. */
export function parityMatrixChart(matrix: ResultsSummary['matrix']): string {
  const cellW = 96;
  const cellH = 34;
  const left = 12 + Math.min(160, 7 * Math.max(10, ...matrix.instruments.map((i) => i.length)));
  const top = 96;
  const width = left + cellW * Math.max(matrix.datasetTypes.length, 1) + 12;
  const height = top + cellH * Math.max(matrix.instruments.length, 1) + 12;
  let body = '';
  matrix.datasetTypes.forEach((dt, j) => {
    const x = left + j * cellW + cellW / 2;
    body += svgText(x, top - 8, dt, `transform="rotate(-35 ${x} ${top - 8})" class="axis-label"`);
  });
  matrix.instruments.forEach((instrument, i) => {
    body += svgText(left - 8, top + i * cellH + cellH / 2 + 4, instrument, 'text-anchor="end" class="axis-label"');
  });
  for (const cell of matrix.cells) {
    const i = matrix.instruments.indexOf(cell.instrument);
    const j = matrix.datasetTypes.indexOf(cell.datasetType);
    const x = left + j * cellW;
    const y = top + i * cellH;
    const total = totalOf(cell.counts);
    const problems = problemsOf(cell.counts);
    const label = cell.present ? `${problems}/${total}` : '—';
    body +=
      `<g class="matrix-cell" data-instrument="${e(cell.instrument)}" data-dataset-type="${e(cell.datasetType)}" data-verdict="${cell.present ? cell.verdict : 'absent'}" data-total="${total}" data-problems="${problems}">` +
      `<rect x="${x + 1}" y="${y + 1}" width="${cellW - 2}" height="${cellH - 2}" rx="3" fill="${cell.present ? VERDICT_COLORS[cell.verdict] : '#f0f0f0'}"/>` +
      svgText(x + cellW / 2, y + cellH / 2 + 4, label, `text-anchor="middle" fill="${cell.present ? '#fff' : '#777'}"`) +
      `<title>${e(cell.instrument)} ${e(cell.datasetType)}: ${problems} problem(s) of ${total} pair(s)</title></g>`;
  }
  return svgFrame({ kind: 'parity-matrix', width, height, title: 'Parity matrix: instrument × dataset type (problems/pairs)' }, body);
}
