import type { Histogram } from '../../results/results-schema.js';
import { linearScale, niceTicks, svgFrame, svgText, tickLabel } from './svg-frame.js';

/**
 * A histogram of pixel differences; bar heights on a log10(1 + count) scale so that the rare large
 * differences stay visible next to the peak at zero.
 */
export function histogramChart(histogram: Histogram, title: string): string {
  const width = 420;
  const height = 200;
  const m = { left: 48, right: 12, top: 14, bottom: 40 };
  const first = histogram.edges[0] ?? 0;
  const last = histogram.edges[histogram.edges.length - 1] ?? 1;
  const x = linearScale([first, last], [m.left, width - m.right]);
  const maxLog = Math.log10(1 + Math.max(1, ...histogram.counts));
  const y = linearScale([0, maxLog], [height - m.bottom, m.top]);
  let body = `<line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" stroke="#444"/>`;
  histogram.counts.forEach((count, i) => {
    const x0 = x(histogram.edges[i] ?? first);
    const x1 = x(histogram.edges[i + 1] ?? last);
    const top = y(Math.log10(1 + count));
    body += `<rect class="bin" data-count="${count}" data-lo="${histogram.edges[i]}" data-hi="${histogram.edges[i + 1]}" x="${x0.toFixed(2)}" y="${top.toFixed(2)}" width="${Math.max(0.5, x1 - x0 - 0.5).toFixed(2)}" height="${(height - m.bottom - top).toFixed(2)}" fill="#4575b4"><title>[${tickLabel(histogram.edges[i] ?? 0)}, ${tickLabel(histogram.edges[i + 1] ?? 0)}): ${count}</title></rect>`;
  });
  for (const t of niceTicks(first, last, 5)) body += svgText(x(t), height - m.bottom + 14, tickLabel(t), 'text-anchor="middle" class="tick"');
  for (const t of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((p) => p <= maxLog)) {
    body += svgText(m.left - 4, y(Math.log10(1 + 10 ** t - (t === 0 ? 1 : 0))) + 4, t === 0 ? '0' : `1e${t}`, 'text-anchor="end" class="tick"');
  }
  body += svgText((m.left + width - m.right) / 2, height - 6, 'Gen3 − Gen2 (pixel value)', 'text-anchor="middle" class="axis-label"');
  return svgFrame({ kind: 'pixel-histogram', width, height, title }, body);
}
