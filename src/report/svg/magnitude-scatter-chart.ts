import { linearScale, niceTicks, round, svgFrame, svgText, tickLabel } from './svg-frame.js';

/** Magnitude difference (mmag) vs magnitude for matched catalog sources, pipe_analysis style. */
export function magnitudeScatterChart(samples: readonly (readonly [number, number])[], title: string, stats: { meanMmag: number; stdevMmag: number; n: number }): string {
  const width = 420;
  const height = 220;
  const m = { left: 52, right: 12, top: 24, bottom: 40 };
  const mags = samples.map((s) => s[0]);
  const deltas = samples.map((s) => s[1]);
  const magLo = Math.min(...mags, 16);
  const magHi = Math.max(...mags, 17);
  const dMax = Math.max(1, ...deltas.map(Math.abs));
  const x = linearScale([magLo, magHi], [m.left, width - m.right]);
  const y = linearScale([-dMax, dMax], [height - m.bottom, m.top]);
  let body = `<line x1="${m.left}" y1="${round(y(0))}" x2="${width - m.right}" y2="${round(y(0))}" stroke="#999" stroke-dasharray="4 3"/>`;
  body += `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${height - m.bottom}" stroke="#444"/>`;
  for (const [mag, d] of samples) body += `<circle class="point" data-mag="${mag}" data-delta="${d}" cx="${round(x(mag))}" cy="${round(y(d))}" r="2" fill="#2166ac" fill-opacity="0.7"/>`;
  for (const t of niceTicks(magLo, magHi, 6)) body += svgText(x(t), height - m.bottom + 14, tickLabel(t), 'text-anchor="middle" class="tick"');
  for (const t of niceTicks(-dMax, dMax, 4)) body += svgText(m.left - 4, y(t) + 4, tickLabel(t), 'text-anchor="end" class="tick"');
  body += svgText((m.left + width - m.right) / 2, height - 6, 'magnitude', 'text-anchor="middle" class="axis-label"');
  body += svgText(12, (m.top + height - m.bottom) / 2, 'Δ mmag', `transform="rotate(-90 12 ${(m.top + height - m.bottom) / 2})" text-anchor="middle" class="axis-label"`);
  body += svgText(width - m.right, 14, `mean ${tickLabel(stats.meanMmag)} mmag, σ ${tickLabel(stats.stdevMmag)}, N ${stats.n}`, 'text-anchor="end" class="legend"');
  return svgFrame({ kind: 'magnitude-scatter', width, height, title }, body);
}
