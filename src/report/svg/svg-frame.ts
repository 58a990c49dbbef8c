import { escapeMarkup } from '../escape-markup.js';

/** Attributes common to every chart. */
export interface ChartFrame {
  /** Chart kind, written as `data-chart` (tests and CSS select on it). */
  readonly kind: string;
  readonly width: number;
  readonly height: number;
  /** Accessible title, also the `<title>` tooltip. */
  readonly title: string;
}

/** Wraps chart content in an inline `<svg>` with its title and `data-chart` kind. */
export function svgFrame(frame: ChartFrame, body: string): string {
  const t = escapeMarkup(frame.title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${escapeMarkup(frame.kind)}" role="img" aria-label="${t}" ` +
    `width="${frame.width}" height="${frame.height}" viewBox="0 0 ${frame.width} ${frame.height}"><title>${t}</title>${body}</svg>`
  );
}

/** `<text>` with escaped content. */
export function svgText(x: number, y: number, text: string, attrs = ''): string {
  return `<text x="${round(x)}" y="${round(y)}"${attrs ? ` ${attrs}` : ''}>${escapeMarkup(text)}</text>`;
}

/** Rounds a coordinate to 0.01 px for compact output. */
export function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** A linear map from a data domain onto a pixel range (a degenerate domain maps to the range's middle). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const step0 = (max - min) / Math.max(count, 1);
  const magnitude = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= step0) ?? step0;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** A short tick label. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 1e-3 && abs < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(1);
}
