import { escapeMarkup as e } from '../escape-markup.js';
import { linearScale, niceTicks, round, svgFrame, svgText, tickLabel } from './svg-frame.js';

/** One series of {@link lineChart}: points `(day, value)` where day is `YYYY-MM-DD`. */
export interface LineSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly { readonly day: string; readonly value: number }[];
  /** Draw as a step function (burndown) instead of straight segments. Default is `false`. */
  readonly step?: boolean;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/** A time-series chart over calendar days, with optional vertical markers (due dates). */
export function lineChart(series: readonly LineSeries[], options: { kind: string; title: string; yLabel: string; markers?: readonly { day: string; label: string }[] }): string {
  const width = 640;
  const height = 240;
  const m = { left: 48, right: 16, top: 28, bottom: 40 };
  const days = [...series.flatMap((s) => s.points.map((p) => dayNumber(p.day))), ...(options.markers ?? []).map((mk) => dayNumber(mk.day))];
  const lo = Math.min(...days);
  const hi = Math.max(...days);
  const maxV = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.value)));
  const x = linearScale([lo, hi], [m.left, width - m.right]);
  const y = linearScale([0, maxV], [height - m.bottom, m.top]);
  let body = `<line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" stroke="#444"/>`;
  for (const t of niceTicks(0, maxV, 4)) body += svgText(m.left - 4, y(t) + 4, tickLabel(t), 'text-anchor="end" class="tick"');
  if (Number.isFinite(lo)) {
    const first = new Date(lo * DAY_MS).toISOString().slice(0, 10);
    const last = new Date(hi * DAY_MS).toISOString().slice(0, 10);
    body += svgText(m.left, height - m.bottom + 14, first, 'class="tick"') + svgText(width - m.right, height - m.bottom + 14, last, 'text-anchor="end" class="tick"');
  }
  for (const mk of options.markers ?? []) {
    const mx = round(x(dayNumber(mk.day)));
    body += `<line class="marker" data-day="${mk.day}" x1="${mx}" y1="${m.top}" x2="${mx}" y2="${height - m.bottom}" stroke="#888" stroke-dasharray="3 3"/>` + svgText(mx + 2, m.top - 4, mk.label, 'class="tick"');
  }
  series.forEach((s, k) => {
    body += `<rect x="${m.left + k * 150}" y="6" width="10" height="10" fill="${s.color}"/>` + svgText(m.left + k * 150 + 14, 15, s.name, 'class="legend"');
    let d = '';
    s.points.forEach((p, i) => {
      const px = round(x(dayNumber(p.day)));
      const py = round(y(p.value));
      if (i === 0) d += `M${px},${py}`;
      else d += s.step ? `H${px}V${py}` : `L${px},${py}`;
    });
    if (d) body += `<path class="series" data-series="${e(s.name)}" d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`;
    for (const p of s.points) body += `<circle class="point" data-series="${e(s.name)}" data-day="${p.day}" data-value="${p.value}" cx="${round(x(dayNumber(p.day)))}" cy="${round(y(p.value))}" r="2.5" fill="${s.color}"><title>${p.day}: ${p.value}</title></circle>`;
  });
  body += svgText(12, (m.top + height - m.bottom) / 2, options.yLabel, `transform="rotate(-90 12 ${(m.top + height - m.bottom) / 2})" text-anchor="middle" class="axis-label"`);
  return svgFrame({ kind: options.kind, width, height, title: options.title }, body);
}
