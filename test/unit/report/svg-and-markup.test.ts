import { describe, expect, it } from 'vitest';
import { escapeMarkdownCell, escapeMarkup } from '../../../src/report/escape-markup.js';
import { formatBytes, formatDataId, formatSeconds } from '../../../src/report/format-values.js';
import { histogramChart } from '../../../src/report/svg/histogram-chart.js';
import { lineChart } from '../../../src/report/svg/line-chart.js';
import { linearScale, niceTicks } from '../../../src/report/svg/svg-frame.js';

describe('markup helpers', () => {
  it('escapes markup and replaces characters XML cannot carry', () => {
    expect(escapeMarkup(`<a href="x">'&'</a>\u0000\u0007\t\n`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\uFFFD\uFFFD\t\n');
    expect(escapeMarkup('\uD800x')).toBe('\uFFFDx');
    expect(escapeMarkdownCell('a|b\n<c>')).toBe('a\\|b &lt;c&gt;');
  });
  it('formats values', () => {
    expect(formatDataId({ visit: 1, detector: 'S1' })).toBe('visit=1 detector=S1');
    expect(formatDataId(undefined)).toBe('—');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.0 GiB');
    expect(formatSeconds(5.5)).toBe('5.50 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
  });
});

describe('SVG helpers', () => {
  it('scales and ticks', () => {
    expect(linearScale([0, 10], [100, 200])(5)).toBe(150);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-0.2, 0.2, 4)).toEqual([-0.2, -0.1, 0, 0.1, 0.2]);
  });
  it('a histogram has one bar per bin carrying its count and range', () => {
    const svg = histogramChart({ edges: [-1, 0, 1, 2], counts: [5, 1000, 0] }, 'h <x>');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="chart" data-chart="pixel-histogram" role="img" aria-label="h &lt;x&gt;"/);
    expect([...svg.matchAll(/<rect class="bin" data-count="(\d+)" data-lo="([-\d.]+)" data-hi="([-\d.]+)"/g)].map((m) => m.slice(1))).toEqual([
      ['5', '-1', '0'],
      ['1000', '0', '1'],
      ['0', '1', '2'],
    ]);
  });
  it('a step line chart draws horizontal-then-vertical segments and due-date markers', () => {
    const svg = lineChart([{ name: 'open', color: '#000', step: true, points: [{ day: '2020-01-01', value: 4 }, { day: '2020-01-11', value: 2 }] }], { kind: 'burndown', title: 't', yLabel: 'n', markers: [{ day: '2020-01-06', label: 'M' }] });
    expect(svg).toMatch(/<path class="series" data-series="open" d="M[\d.]+,[\d.]+H[\d.]+V[\d.]+"/);
    expect(svg).toContain('class="marker" data-day="2020-01-06"');
    expect((svg.match(/<circle class="point"/g) ?? []).length).toBe(2);
  });
});
