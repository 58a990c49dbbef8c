import { problemsOf, totalOf } from '../results/outcome.js';
import type { Dashboard } from '../tracking/build-dashboard.js';
import { escapeMarkup as e } from './escape-markup.js';
import { gateReasonText, requirementText } from './gate-reason-text.js';
import { htmlPage } from './html-page.js';
import { SIDE_COLORS } from './outcome-style.js';
import { lineChart } from './svg/line-chart.js';

const STATE_TEXT = { met: 'MET', 'at-risk': 'AT RISK', blocked: 'BLOCKED', missed: 'MISSED' } as const;

/** Renders the milestone dashboard as a self-contained HTML page with a burndown and a parity-trend chart. */
export function renderDashboardHtml(d: Dashboard): string {
  const b: string[] = [`<h1>Gen2 retirement milestones <span class="muted">as of ${e(d.asOf)}</span></h1>`];
  b.push(`<p class="muted">Sources: <code>${e(d.sources.milestones)}</code>, <code>${e(d.sources.blockers)}</code>, <code>${e(d.sources.history)}</code>.</p>`);
  b.push('<section id="gates"><h2>Gates</h2><table><tr><th>milestone</th><th>title</th><th>due</th><th>state</th><th>why</th></tr>');
  for (const g of d.gates) {
    b.push(
      `<tr class="gate" data-gate="${e(g.id)}" data-state="${g.state}"><td><a href="#gate-${e(g.id)}">${e(g.id)}</a></td><td>${e(g.title)}</td><td>${e(g.dueText)}</td>` +
        `<td><span class="badge ${g.state}">${STATE_TEXT[g.state]}</span></td><td><ul>${g.reasons.map((r) => `<li data-reason="${r.kind}">${e(gateReasonText(r))}</li>`).join('')}</ul></td></tr>`,
    );
  }
  b.push('</table></section>');

  const markers = d.gates.map((g) => ({ day: g.due, label: g.id }));
  b.push('<section id="burndown"><h2>Open blockers</h2><div class="charts">');
  if (d.burndown.points.length) {
    b.push(lineChart([{ name: 'open blockers', color: SIDE_COLORS.gen3, points: d.burndown.points.map((p) => ({ day: p.day, value: p.open })), step: true }], { kind: 'burndown', title: 'Open deprecation blockers over time', yLabel: 'open', markers }));
  }
  b.push('</div>');
  if (d.burndown.undatedResolutions.length) b.push(`<p class="muted">Left out of the burndown (closed, resolution date unknown): ${d.burndown.undatedResolutions.map(e).join(', ')}.</p>`);
  b.push('</section>');

  b.push('<section id="parity-trend"><h2>Parity trend</h2>');
  if (d.parityTrend.length) {
    const suites = [...new Set(d.parityTrend.map((p) => p.suite))];
    const palette = ['#2166ac', '#b2182b', '#1b7837', '#762a83', '#e08214'];
    const series = suites.flatMap((suite, k) => {
      const runs = d.parityTrend.filter((p) => p.suite === suite);
      return [
        { name: `${suite}: problem pairs`, color: palette[(2 * k) % palette.length] ?? '#333', points: runs.map((p) => ({ day: p.day, value: p.problems })) },
        { name: `${suite}: pairs`, color: palette[(2 * k + 1) % palette.length] ?? '#777', points: runs.map((p) => ({ day: p.day, value: p.total })) },
      ];
    });
    b.push(`<div class="charts">${lineChart(series, { kind: 'parity-trend', title: 'Parity: pairs compared and problem pairs per run', yLabel: 'pairs' })}</div>`);
    b.push('<table><tr><th>run</th><th>suite</th><th>commit</th><th class="num">pairs</th><th class="num">problems</th></tr>');
    for (const p of d.parityTrend) b.push(`<tr><td>${e(p.when)}</td><td>${e(p.suite)}</td><td><code>${e(p.commit ?? '—')}</code></td><td class="num">${p.total}</td><td class="num">${p.problems}</td></tr>`);
    b.push('</table>');
  } else b.push('<p>No harness run recorded yet.</p>');
  b.push('</section>');

  for (const g of d.gates) {
    b.push(`<section class="gate-detail" id="gate-${e(g.id)}"><h2>${e(g.id)}: ${e(g.title)} <span class="badge ${g.state}">${STATE_TEXT[g.state]}</span></h2>`);
    b.push(`<p>Due ${e(g.dueText)} (${e(g.due)}).</p>${g.provenance ? `<p class="muted">${e(g.provenance)}</p>` : ''}`);
    if (g.parity.length) {
      b.push('<table><tr><th>parity check</th><th>status</th><th>run</th></tr>');
      for (const p of g.parity) b.push(`<tr data-parity="${p.status}"><td>${e(requirementText(p.requirement))}</td><td>${p.status}</td><td>${e(p.when ?? '—')}</td></tr>`);
      b.push('</table>');
    }
    if (g.tagged.length) {
      b.push('<table><tr><th>runs tagged as evidence</th><th>run</th><th class="num">pairs</th><th class="num">problems</th></tr>');
      for (const t of g.tagged) b.push(`<tr data-tagged="${e(t.suite)}"><td>${e(t.suite)}</td><td>${e(t.when)}</td><td class="num">${totalOf(t.counts)}</td><td class="num">${problemsOf(t.counts)}</td></tr>`);
      b.push('</table>');
    }
    if (g.blockers.length) {
      b.push('<table><tr><th>blocker</th><th>title</th><th>status</th><th>resolved</th></tr>');
      for (const x of g.blockers) b.push(`<tr data-blocker="${e(x.id)}" data-open="${x.open}"><td>${e(x.id)}</td><td>${e(x.title)}</td><td>${e(x.status)}</td><td>${e(x.resolved ?? '—')}</td></tr>`);
      b.push('</table>');
    }
    b.push('</section>');
  }
  b.push('<section id="blockers"><h2>All blockers</h2><table><tr><th>id</th><th>ticket</th><th>title</th><th>labels</th><th>status</th><th>milestones</th><th>blocks</th><th>blocked by</th><th>resolved</th><th>note</th></tr>');
  for (const x of d.blockers) {
    b.push(
      `<tr data-blocker="${e(x.id)}" data-open="${x.openNow}"><td>${e(x.id)}</td><td>${e(x.ticket ?? '—')}</td><td>${e(x.title)}</td><td>${e(x.labels.join(', '))}</td><td>${e(x.statusName)}</td>` +
        `<td>${e(x.milestones.join(', '))}</td><td>${e(x.blocks.join(', '))}</td><td>${e(x.blockedBy.join(', '))}</td><td>${e(x.resolved ?? '—')}</td><td class="muted">${e(x.note ?? '')}</td></tr>`,
    );
  }
  b.push('</table></section>');
  if (d.warnings.length) b.push(`<section id="warnings"><h2>Warnings</h2><ul>${d.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul></section>`);
  return htmlPage(`Gen2 retirement milestones ${d.asOf}`, b.join('\n'));
}
