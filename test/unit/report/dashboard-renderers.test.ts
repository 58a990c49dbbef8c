import { describe, expect, it } from 'vitest';
import { renderDashboardHtml } from '../../../src/report/dashboard-html.js';
import { renderDashboardMarkdown } from '../../../src/report/dashboard-markdown.js';
import { DASHBOARD_RENDERERS } from '../../../src/report/dashboard-renderers.js';
import { parseResults } from '../../../src/results/read-results.js';
import { buildDashboard } from '../../../src/tracking/build-dashboard.js';
import { historyEntryFromResults } from '../../../src/tracking/history.js';
import { parseBlockers } from '../../../src/tracking/load-blockers.js';
import { parseMilestones } from '../../../src/tracking/load-milestones.js';
import { validateTracking } from '../../../src/tracking/validate-tracking.js';
import { sampleResults } from '../results/sample-results.js';

const record = validateTracking(
  parseMilestones({ formatVersion: 1, milestones: [{ id: 'M<1>', title: 'gate & co', due: '2020-05', evidence: { parity: [{ suite: 'sample' }], blockers: ['B1'] } }] }, 'm.yaml'),
  parseBlockers({ formatVersion: 1, blockers: [{ id: 'B1', ticket: 'DM-1', title: 'port <x>', status: 'open', milestones: ['M<1>'], created: '2020-01-01' }] }, 'b.yaml'),
);
const history = [historyEntryFromResults(parseResults(sampleResults(), 's.json'), { when: '2020-04-01T00:00:00Z' })];
const dashboard = buildDashboard(record, history, '2020-05-10', { milestones: 'm.yaml', blockers: 'b.yaml', history: 'h.jsonl' });

describe('dashboard renderers', () => {
  it('Markdown: gate table with reasons, open blockers, burndown and trend', () => {
    const md = renderDashboardMarkdown(dashboard);
    expect(md).toContain('| M&lt;1&gt; | gate & co | 2020-05 | ⛔ blocked | blocker B1 "port &lt;x&gt;" is Open<br>parity failing for suite sample, all dataset types in the run of 2020-04-01T00:00:00Z: 6 different, 2 only Gen2, 2 only Gen3, 2 failed |');
    expect(md).toContain('| B1 | DM-1 | port &lt;x&gt; |  | Open | M&lt;1&gt; | — |');
    expect(md).toContain('| 2020-01-01 | 1 |');
    expect(md).toContain('| 2020-04-01T00:00:00Z | sample | `0123456789abcdef0123456789abcdef01234567` | 32 | 12 |');
  });
  it('HTML: self-contained, escaped, gate rows carry state, charts present', () => {
    const html = renderDashboardHtml(dashboard);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|<img/);
    expect(html).toContain('<tr class="gate" data-gate="M&lt;1&gt;" data-state="blocked">');
    expect(html).toContain('data-chart="burndown"');
    expect(html).toContain('data-chart="parity-trend"');
    expect(html).toContain('port &lt;x&gt;');
  });
  it('writes three files by name, JSON carrying formatVersion', () => {
    expect(Object.keys(DASHBOARD_RENDERERS)).toEqual(['milestones.html', 'milestones.md', 'milestones.json']);
    expect(JSON.parse(DASHBOARD_RENDERERS['milestones.json']?.(dashboard) ?? '')).toMatchObject({ formatVersion: 1, asOf: '2020-05-10' });
  });
});
