import { problemsOf, totalOf } from '../results/outcome.js';
import type { Dashboard } from '../tracking/build-dashboard.js';
import { escapeMarkdownCell as cell } from './escape-markup.js';
import { gateReasonText, requirementText } from './gate-reason-text.js';

const STATE_TEXT = { met: '✅ met', 'at-risk': '⚠️ at risk', blocked: '⛔ blocked', missed: '❌ missed' } as const;

/** Renders the milestone dashboard as Markdown: gates with reasons, open blockers, burndown and parity trend tables. */
export function renderDashboardMarkdown(d: Dashboard): string {
  const out: string[] = [`# Gen2 retirement milestones — as of ${d.asOf}`, ''];
  out.push(`Sources: \`${d.sources.milestones}\`, \`${d.sources.blockers}\`, \`${d.sources.history}\`.`, '');
  out.push('| milestone | title | due | state | why |', '|---|---|---|---|---|');
  for (const g of d.gates) out.push(`| ${cell(g.id)} | ${cell(g.title)} | ${cell(g.dueText)} | ${STATE_TEXT[g.state]} | ${g.reasons.map((r) => cell(gateReasonText(r))).join('<br>')} |`);
  out.push('');
  for (const g of d.gates) {
    out.push(`## ${g.id}: ${g.title}`, '', `Due ${g.dueText} (${g.due}); **${STATE_TEXT[g.state]}**.`, '');
    if (g.provenance) out.push(`> ${g.provenance.replace(/\n/g, ' ')}`, '');
    if (g.parity.length) {
      out.push('| parity check | status | run | pairs | problems |', '|---|---|---|---:|---:|');
      for (const p of g.parity) {
        out.push(`| ${cell(requirementText(p.requirement))} | ${p.status} | ${p.when ?? '—'} | ${p.counts ? totalOf(p.counts) : 0} | ${p.counts ? problemsOf(p.counts) : 0} |`);
      }
      out.push('');
    }
    if (g.tagged.length) {
      out.push('| runs tagged as evidence | run | pairs | problems |', '|---|---|---:|---:|');
      for (const t of g.tagged) out.push(`| ${cell(t.suite)} | ${t.when} | ${totalOf(t.counts)} | ${problemsOf(t.counts)} |`);
      out.push('');
    }
    if (g.blockers.length) {
      out.push('| blocker | title | status | resolved |', '|---|---|---|---|');
      for (const b of g.blockers) out.push(`| ${cell(b.id)} | ${cell(b.title)} | ${b.open ? `${cell(b.status)}, open on ${d.asOf}` : cell(b.status)} | ${b.resolved ?? '—'} |`);
      out.push('');
    }
  }
  const open = d.blockers.filter((b) => b.openNow);
  out.push(`## Open blockers (${open.length} of ${d.blockers.length})`, '');
  if (open.length) {
    out.push('| id | ticket | title | labels | status | milestones | blocked by |', '|---|---|---|---|---|---|---|');
    for (const b of open) out.push(`| ${cell(b.id)} | ${b.ticket ?? '—'} | ${cell(b.title)} | ${cell(b.labels.join(', '))} | ${cell(b.statusName)} | ${cell(b.milestones.join(', '))} | ${cell(b.blockedBy.join(', ') || '—')} |`);
    out.push('');
  }
  out.push('## Burndown of open blockers', '', '| day | open |', '|---|---:|');
  for (const p of d.burndown.points) out.push(`| ${p.day} | ${p.open} |`);
  if (d.burndown.undatedResolutions.length) out.push('', `Left out (closed, resolution date unknown): ${d.burndown.undatedResolutions.join(', ')}.`);
  out.push('', '## Parity trend', '');
  if (d.parityTrend.length) {
    out.push('| run | suite | commit | pairs | problems |', '|---|---|---|---:|---:|');
    for (const p of d.parityTrend) out.push(`| ${p.when} | ${cell(p.suite)} | ${p.commit ? `\`${cell(p.commit)}\`` : '—'} | ${p.total} | ${p.problems} |`);
  } else out.push('No harness run recorded yet.');
  if (d.warnings.length) out.push('', '## Warnings', '', ...d.warnings.map((w) => `- ${cell(w)}`));
  return `${out.join('\n').trimEnd()}\n`;
}
