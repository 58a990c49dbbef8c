import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResults } from '../../src/results/read-results.js';
import { summarizeResults } from '../../src/results/summarize-results.js';
import { parseHistory } from '../../src/tracking/history.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { findChromium, HeadlessChromium } from '../integration/report/headless-chromium.js';

const CHROMIUM = findChromium();
/** The demo's reports are checked in as examples only on request (GEN2TO3_UPDATE_EXAMPLES=1). */
const EXAMPLES = process.env.GEN2TO3_UPDATE_EXAMPLES === '1' ? path.join(PROJECT_ROOT, 'reports', 'examples') : tmpDir('gen2to3-demo-examples-');
if (!CHROMIUM && process.env.CI) throw new Error('chromium is required under CI (Debian package `chromium`; .ci/run installs it)');

beforeAll(() => ensureBuilt());

describe('gen2to3 demo (what `npm run demo` runs), built CLI', () => {
  const out = path.join(tmpDir(), 'demo');
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    run = runCli(['demo', '--out', out, '-j', '2']);
  }, 300_000);

  it('runs the demo suite end to end and passes with nothing unexplained', () => {
    expect(run.stderr).not.toMatch(/ERROR/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Demo parity suite demo: PASS \(\d+ identical/);
    for (const stage of ['prepare', 'convert', 'conversion-parity', 'run-gen2', 'run-gen3', 'compare']) expect(run.stdout).toContain(`stage ${stage}: completed`);
    const results = parseResults(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')), 'results.json');
    const summary = summarizeResults(results);
    expect(summary.totals.different + summary.totals['only-gen2'] + summary.totals['only-gen3'] + summary.totals.failed).toBe(0);
    expect(summary.totals.identical).toBeGreaterThan(100);
    // Both parity levels and every processing output of the suite were compared.
    const types = new Set(results.comparisons.map((c) => c.datasetType));
    for (const t of ['raw', 'postISRCCD', 'calexp', 'src', 'visitSummary']) expect(types, t).toContain(t);
    expect(results.comparisons.every((c) => c.pairs.length > 0)).toBe(true);
    expect(results.failures).toEqual([]);
    // Both sides really ran: per-step usage of each side is recorded.
    expect(results.steps.map((s) => s.step).sort()).toEqual(['detect', 'isr', 'visitSummary']);
    for (const s of results.steps) {
      expect(s.gen2?.wallSeconds, `${s.step} gen2`).toBeGreaterThan(0);
      expect(s.gen3?.wallSeconds, `${s.step} gen3`).toBeGreaterThan(0);
    }
  });

  it('appends one line to the run history and evaluates the milestone gates with it', () => {
    const history = parseHistory(readFileSync(path.join(out, 'history.jsonl'), 'utf8'), 'history.jsonl');
    const tracked = parseHistory(readFileSync(path.join(PROJECT_ROOT, 'reports', 'history.jsonl'), 'utf8'), 'reports/history.jsonl');
    expect(history).toHaveLength(tracked.length + 1);
    expect(history.at(-1)!.suite).toBe('demo');
    // The run records the commit it ran (a git checkout: the project's own clone).
    if (existsSync(path.join(PROJECT_ROOT, '.git'))) expect(history.at(-1)!.commit).toMatch(/^[0-9a-f]{40}$/);
    const dashboard = JSON.parse(readFileSync(path.join(out, 'milestones', 'milestones.json'), 'utf8')) as { gates: { id: string; tagged: { suite: string }[] }[] };
    expect(dashboard.gates.map((g) => g.id)).toEqual(['DM-DAX-8', 'DM-DAX-12', 'DM-DAX-13']);
    // The demo suite tags its comparisons as evidence for DM-DAX-8 and DM-DAX-12.
    expect(dashboard.gates.find((g) => g.id === 'DM-DAX-8')!.tagged.map((t) => t.suite)).toContain('demo');
    for (const f of ['results.md', 'results.html', 'results.xml', 'milestones/milestones.html', 'milestones/milestones.md']) expect(existsSync(path.join(out, f)), f).toBe(true);
  });

  describe.skipIf(!CHROMIUM)('its HTML reports in headless Chromium', () => {
    let browser: HeadlessChromium;
    beforeAll(async () => {
      browser = await HeadlessChromium.launch(CHROMIUM ?? 'chromium');
    });
    afterAll(async () => browser?.close());

    it('the parity report loads offline with its charts; screenshot written', async () => {
      const url = pathToFileURL(path.join(out, 'results.html')).href;
      const obs = await browser.load(url);
      expect(obs.consoleErrors).toEqual([]);
      expect(obs.requests).toEqual([url]);
      const cells = await browser.evaluate<string[]>(`[...document.querySelectorAll('.matrix-cell')].map((g) => g.dataset.instrument + '/' + g.dataset.datasetType + '=' + g.dataset.verdict)`);
      expect(cells).toContain('DemoCam/calexp=pass');
      expect(cells).toContain('DemoCam/visitSummary=pass');
      const charts = await browser.evaluate<string[]>(`[...document.querySelectorAll('svg[data-chart]')].map((s) => s.dataset.chart)`);
      expect(charts).toEqual(expect.arrayContaining(['parity-matrix', 'outcome-bars', 'step-wall', 'step-cpu', 'step-memory']));
      const png = await browser.screenshot();
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      mkdirSync(EXAMPLES, { recursive: true });
      writeFileSync(path.join(EXAMPLES, 'demo-parity-report.png'), png);
      for (const ext of ['html', 'md', 'xml']) copyFileSync(path.join(out, `results.${ext}`), path.join(EXAMPLES, `demo-parity-report.${ext}`));
    });

    it('the milestones dashboard loads offline with the demo run in its parity trend; screenshot written', async () => {
      const url = pathToFileURL(path.join(out, 'milestones', 'milestones.html')).href;
      const obs = await browser.load(url);
      expect(obs.consoleErrors).toEqual([]);
      expect(obs.requests).toEqual([url]);
      const charts = await browser.evaluate<string[]>(`[...document.querySelectorAll('svg[data-chart]')].map((s) => s.dataset.chart)`);
      expect(charts).toEqual(['burndown', 'parity-trend']);
      writeFileSync(path.join(EXAMPLES, 'demo-milestones.png'), await browser.screenshot());
      copyFileSync(path.join(out, 'milestones', 'milestones.html'), path.join(EXAMPLES, 'demo-milestones.html'));
    });
  });
});
