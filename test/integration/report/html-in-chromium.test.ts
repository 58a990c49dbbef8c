import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDashboardHtml } from '../../../src/report/dashboard-html.js';
import { renderResults } from '../../../src/report/results-renderers.js';
import { parseResults } from '../../../src/results/read-results.js';
import { buildDashboard } from '../../../src/tracking/build-dashboard.js';
import { historyEntryFromResults } from '../../../src/tracking/history.js';
import { loadBlockers } from '../../../src/tracking/load-blockers.js';
import { loadMilestones } from '../../../src/tracking/load-milestones.js';
import { validateTracking } from '../../../src/tracking/validate-tracking.js';
import { PROJECT_ROOT } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { sampleResults } from '../../unit/results/sample-results.js';
import { dumpDom, findChromium, HeadlessChromium } from './headless-chromium.js';

const CHROMIUM = findChromium();
/** Checked-in examples are refreshed only on request (GEN2TO3_UPDATE_EXAMPLES=1); a normal run writes to a temp dir. */
const EXAMPLES = process.env.GEN2TO3_UPDATE_EXAMPLES === '1' ? path.join(PROJECT_ROOT, 'reports', 'examples') : tmpDir('gen2to3-report-examples-');

if (!CHROMIUM && process.env.CI) throw new Error('chromium is required under CI (Debian package `chromium`; .ci/run installs it)');

describe.skipIf(!CHROMIUM)('HTML reports in headless Chromium', () => {
  const binary = CHROMIUM ?? 'chromium';
  const dir = tmpDir();
  const results = parseResults(sampleResults(), 'sample.json');
  const reportFile = path.join(dir, 'report.html');
  let browser: HeadlessChromium;

  beforeAll(async () => {
    writeFileSync(reportFile, renderResults(results, 'html'));
    browser = await HeadlessChromium.launch(binary);
  });
  afterAll(async () => browser?.close());

  it('the observer sees console errors and network requests (control page without CSP)', async () => {
    const control = path.join(dir, 'control.html');
    writeFileSync(control, '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"><script>console.error("control error")</script></body></html>');
    const obs = await browser.load(pathToFileURL(control).href);
    expect(obs.consoleErrors.some((e) => e.includes('control error'))).toBe(true);
    expect(obs.requests).toContain('http://127.0.0.1:9/x.png');
  });

  it('the parity report loads with no console errors and no network requests, charts render, screenshot written', async () => {
    const url = pathToFileURL(reportFile).href;
    const obs = await browser.load(url);
    expect(obs.consoleErrors).toEqual([]);
    expect(obs.failedRequests).toEqual([]);
    expect(obs.requests).toEqual([url]);
    const charts = await browser.evaluate<Record<string, number>>(
      `Object.fromEntries([...document.querySelectorAll('svg[data-chart]')].reduce((m, s) => m.set(s.dataset.chart, (m.get(s.dataset.chart) || 0) + 1), new Map()))`,
    );
    expect(charts).toMatchObject({ 'parity-matrix': 1, 'outcome-bars': 1, 'step-wall': 1, 'step-cpu': 1, 'step-memory': 1 });
    expect(charts['pixel-histogram']).toBeGreaterThanOrEqual(4);
    expect(charts['magnitude-scatter']).toBe(4);
    // Rendered, not just present: every chart has a laid-out box.
    const sizes = await browser.evaluate<number[][]>(`[...document.querySelectorAll('svg[data-chart]')].map((s) => { const r = s.getBoundingClientRect(); return [r.width, r.height]; })`);
    for (const [w, h] of sizes) expect(w! * h!).toBeGreaterThan(0);
    const cells = await browser.evaluate<string[]>(`[...document.querySelectorAll('.matrix-cell')].map((g) => g.dataset.instrument + '/' + g.dataset.datasetType + '=' + g.dataset.verdict)`);
    expect(cells).toContain('HSC/calexp=fail');
    expect(cells).toContain('DemoCam/raw=pass');
    expect(cells).toContain('HSC/deepCoadd=empty');
    const pairs = await browser.evaluate<number>(`document.querySelectorAll('details.pair').length`);
    expect(pairs).toBe(results.comparisons.flatMap((c) => c.pairs).filter((p) => p.outcome !== 'identical').length);
    // Drill-down anchors resolve to sections.
    const anchors = await browser.evaluate<boolean>(`[...document.querySelectorAll('a[href^="#"]')].every((a) => document.getElementById(a.getAttribute('href').slice(1)))`);
    expect(anchors).toBe(true);
    const png = await browser.screenshot();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    mkdirSync(EXAMPLES, { recursive: true });
    writeFileSync(path.join(EXAMPLES, 'parity-report.png'), png);
    for (const [format, ext] of [['html', 'html'], ['md', 'md'], ['junit', 'xml']] as const) writeFileSync(path.join(EXAMPLES, `parity-report.${ext}`), renderResults(results, format));
  });

  it('the milestone dashboard loads cleanly with its burndown and parity trend; screenshot written', async () => {
    const record = validateTracking(await loadMilestones(path.join(PROJECT_ROOT, 'reports/milestones.yaml')), await loadBlockers(path.join(PROJECT_ROOT, 'reports/blockers.yaml')));
    const history = ['2020-04-01', '2020-05-01', '2020-06-01'].map((day, i) => historyEntryFromResults(parseResults(sampleResults({ seed: i, suite: 'demo' }), 's.json'), { when: `${day}T00:00:00Z` }));
    const dashboard = buildDashboard(record, history, '2020-06-15', { milestones: 'reports/milestones.yaml', blockers: 'reports/blockers.yaml', history: 'sample history (3 runs of sample results)' });
    const file = path.join(dir, 'milestones.html');
    writeFileSync(file, renderDashboardHtml(dashboard));
    const url = pathToFileURL(file).href;
    const obs = await browser.load(url);
    expect(obs.consoleErrors).toEqual([]);
    expect(obs.requests).toEqual([url]);
    const info = await browser.evaluate<{ charts: string[]; points: number; gates: string[] }>(
      `({ charts: [...document.querySelectorAll('svg[data-chart]')].map((s) => s.dataset.chart), points: document.querySelectorAll('svg[data-chart="burndown"] circle.point').length, gates: [...document.querySelectorAll('tr.gate')].map((r) => r.dataset.gate + '=' + r.dataset.state) })`,
    );
    expect(info.charts).toEqual(['burndown', 'parity-trend']);
    expect(info.points).toBe(dashboard.burndown.points.length);
    expect(info.gates).toEqual(['DM-DAX-8=missed', 'DM-DAX-12=missed', 'DM-DAX-13=blocked']);
    writeFileSync(path.join(EXAMPLES, 'milestones-dashboard.png'), await browser.screenshot());
    writeFileSync(path.join(EXAMPLES, 'milestones-dashboard.html'), renderDashboardHtml(dashboard));
  });

  it('--dump-dom shows the SVG charts with their data after parsing', () => {
    const dom = dumpDom(binary, pathToFileURL(reportFile).href);
    expect(dom).toMatch(/<svg [^>]*data-chart="parity-matrix"/);
    expect(dom).toMatch(/<g class="matrix-cell" data-instrument="HSC" data-dataset-type="calexp" data-verdict="fail" data-total="6" data-problems="3">/);
    expect(dom).toMatch(/<rect class="segment" data-outcome="identical" data-count="12"/);
    expect(dom).toMatch(/<rect class="bar" data-step="calibrate" data-side="gen3" data-value="260"/);
    expect((dom.match(/<circle class="point" data-mag=/g) ?? []).length).toBe(4 * 60);
  });
});
