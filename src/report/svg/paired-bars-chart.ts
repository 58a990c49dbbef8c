import { escapeMarkup as e } from '../escape-markup.js';
import { SIDE_COLORS } from '../outcome-style.js';
import { linearScale, svgFrame, svgText } from './svg-frame.js';

/** One group of {@link pairedBarsChart}: a step and its Gen2 and Gen3 values (undefined when the side did not run it). */
export interface PairedBarGroup {
  readonly label: string;
  readonly gen2: number | undefined;
  readonly gen3: number | undefined;
}

/** Horizontal grouped bars, Gen2 beside Gen3, for one metric (wall time, CPU, peak memory). */
export function pairedBarsChart(groups: readonly PairedBarGroup[], options: { kind: string; title: string; format: (v: number) => string }): string {
  const left = 12 + Math.min(180, 7 * Math.max(8, ...groups.map((g) => g.label.length)));
  const barW = 300;
  const groupH = 34;
  const top = 28;
  const width = left + barW + 90;
  const height = top + groupH * Math.max(groups.length, 1) + 8;
  const max = Math.max(0, ...groups.flatMap((g) => [g.gen2 ?? 0, g.gen3 ?? 0]));
  const x = linearScale([0, max || 1], [0, barW]);
  let body =
    `<rect x="10" y="8" width="10" height="10" fill="${SIDE_COLORS.gen2}"/>` + svgText(24, 17, 'Gen2', 'class="legend"') +
    `<rect x="70" y="8" width="10" height="10" fill="${SIDE_COLORS.gen3}"/>` + svgText(84, 17, 'Gen3', 'class="legend"');
  groups.forEach((g, i) => {
    const y = top + i * groupH;
    body += svgText(left - 8, y + groupH / 2 + 3, g.label, 'text-anchor="end" class="axis-label"');
    (['gen2', 'gen3'] as const).forEach((side, k) => {
      const v = g[side];
      const by = y + 3 + k * 14;
      if (v === undefined) {
        body += svgText(left + 4, by + 10, `${side === 'gen2' ? 'Gen2' : 'Gen3'}: not run`, 'class="tick"');
        return;
      }
      body += `<rect class="bar" data-step="${e(g.label)}" data-side="${side}" data-value="${v}" x="${left}" y="${by}" width="${Math.max(0.5, x(v)).toFixed(2)}" height="12" fill="${SIDE_COLORS[side]}"><title>${e(g.label)} ${side}: ${e(options.format(v))}</title></rect>`;
      body += svgText(left + x(v) + 4, by + 10, options.format(v), 'class="value"');
    });
  });
  return svgFrame({ kind: options.kind, width, height, title: options.title }, body);
}
