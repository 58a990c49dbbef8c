import { OUTCOMES, type Verdict } from '../results/outcome.js';
import type { ParityResults, ResourceUsage } from '../results/results-schema.js';
import type { ResultsSummary } from '../results/summarize-results.js';
import { pairLines } from './diff-summary-lines.js';
import { escapeMarkdownCell as cell } from './escape-markup.js';
import { formatBytes, formatDataId, formatSeconds } from './format-values.js';
import { OUTCOME_LABELS } from './outcome-style.js';
import { stepTimingCaveat } from './step-timing-caveat.js';

/** Options of {@link renderResultsMarkdown}. */
export interface MarkdownOptions {
  /** Data IDs listed per comparison in the drill-down; the rest are counted. Default is `50`. */
  readonly maxPairsPerComparison: number;
}

const VERDICT_TEXT: Record<Verdict, string> = { pass: '✅ pass', fail: '❌ fail', empty: '⚪ nothing compared' };

function usage(u: ResourceUsage | undefined, pick: (u: ResourceUsage) => string): string {
  return u ? pick(u) : '—';
}

/** Renders parity results as Markdown sized for a CI job summary (tables, then a collapsed drill-down). */
export function renderResultsMarkdown(results: ParityResults, summary: ResultsSummary, options: Partial<MarkdownOptions> = {}): string {
  const maxPairs = options.maxPairsPerComparison ?? 50;
  const out: string[] = [];
  out.push(`# Gen2 ↔ Gen3 parity: ${cell(results.suite.name)} — ${VERDICT_TEXT[summary.verdict]}`, '');
  out.push(`Run started ${results.startedAt}${results.finishedAt ? `, finished ${results.finishedAt}` : ''}` + `${results.commit ? `, commit \`${results.commit}\`` : ''}; instruments: ${results.instruments.join(', ')}.`, '');
  out.push(`| ${OUTCOMES.map((o) => OUTCOME_LABELS[o]).join(' | ')} |`, `|${OUTCOMES.map(() => '---:').join('|')}|`, `| ${OUTCOMES.map((o) => summary.totals[o]).join(' | ')} |`, '');

  out.push('## Comparisons', '');
  out.push(`| instrument | dataset type | kind | comparator | ${OUTCOMES.map((o) => OUTCOME_LABELS[o]).join(' | ')} | verdict |`);
  out.push(`|---|---|---|---|${OUTCOMES.map(() => '---:').join('|')}|---|`);
  for (const c of summary.comparisons) {
    const dt = c.comparison.gen2DatasetType ? `${c.comparison.datasetType} (Gen2 ${c.comparison.gen2DatasetType})` : c.comparison.datasetType;
    out.push(`| ${cell(c.comparison.instrument)} | ${cell(dt)} | ${c.comparison.kind} | ${cell(c.comparison.comparator)} | ${OUTCOMES.map((o) => c.counts[o]).join(' | ')} | ${VERDICT_TEXT[c.verdict]} |`);
  }
  out.push('');

  if (results.stages.length) {
    out.push('## Stages', '', '| stage | status | duration |', '|---|---|---:|');
    for (const s of results.stages) out.push(`| ${s.stage} | ${s.status}${s.error ? `: ${cell(s.error)}` : ''} | ${formatSeconds(s.durationMs / 1000)} |`);
    out.push('');
  }
  if (results.steps.length) {
    out.push('## Steps: Gen2 vs Gen3', '');
    const caveat = stepTimingCaveat(results.stages);
    if (caveat) out.push(caveat, '');
    out.push('| step | Gen2 wall | Gen3 wall | Gen2 CPU | Gen3 CPU | Gen2 peak memory | Gen3 peak memory |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const s of results.steps) {
      const wall = (u: ResourceUsage) => formatSeconds(u.wallSeconds);
      const cpu = (u: ResourceUsage) => formatSeconds(u.cpuSeconds);
      const mem = (u: ResourceUsage) => formatBytes(u.peakMemoryBytes);
      out.push(`| ${cell(s.step)} | ${usage(s.gen2, wall)} | ${usage(s.gen3, wall)} | ${usage(s.gen2, cpu)} | ${usage(s.gen3, cpu)} | ${usage(s.gen2, mem)} | ${usage(s.gen3, mem)} |`);
    }
    out.push('');
  }
  if (summary.evidence.length) {
    out.push('## Evidence for milestones and blockers', '', '| id | pairs | problems | verdict |', '|---|---:|---:|---|');
    for (const ev of summary.evidence) {
      const total = OUTCOMES.reduce((n, o) => n + ev.counts[o], 0);
      const problems = ev.counts.different + ev.counts['only-gen2'] + ev.counts['only-gen3'] + ev.counts.failed;
      out.push(`| ${cell(ev.id)} | ${total} | ${problems} | ${VERDICT_TEXT[ev.verdict]} |`);
    }
    out.push('');
  }
  const configDiffs = results.comparisons.flatMap((c) => c.configDiffs.map((d) => ({ comparison: c.id, ...d })));
  if (configDiffs.length) {
    out.push('## Config differences', '', '| comparison | task | field | change | Gen2 | Gen3 |', '|---|---|---|---|---|---|');
    for (const d of configDiffs) for (const f of d.differences) out.push(`| ${cell(d.comparison)} | ${cell(d.task)} | \`${cell(f.path)}\` | ${f.change} | ${cell(f.gen2 ?? '—')} | ${cell(f.gen3 ?? '—')} |`);
    out.push('');
  }

  if (results.failures.length) {
    out.push('## Failures', '', 'Units of work and stages that failed; the rest of the run completed.', '', '| stage | side | step | unit | data ID | error |', '|---|---|---|---|---|---|');
    for (const f of results.failures) out.push(`| ${f.stage} | ${f.side ?? '—'} | ${cell(f.step ?? '—')} | ${cell(f.unit ?? '—')} | ${f.dataId ? cell(formatDataId(f.dataId)) : '—'} | ${cell(f.error)} |`);
    out.push('');
  }
  const errored = results.comparisons.filter((c) => c.error !== undefined);
  if (errored.length) {
    out.push('## Comparison errors', '', '| comparison | error |', '|---|---|');
    for (const c of errored) out.push(`| ${cell(c.id)} | ${cell(c.error ?? '')} |`);
    out.push('');
  }
  const goldens = results.comparisons.filter((c) => c.golden);
  if (goldens.length) {
    out.push('## Golden summaries', '', '| comparison | golden file | status | changes |', '|---|---|---|---|');
    for (const c of goldens) out.push(`| ${cell(c.id)} | \`${cell(c.golden!.file)}\` | ${c.golden!.status} | ${c.golden!.changes.map(cell).join('<br>') || '—'} |`);
    out.push('');
  }

  const detailed = summary.comparisons.filter((c) => c.comparison.pairs.some((p) => p.outcome !== 'identical' && p.outcome !== 'within-tolerance'));
  if (detailed.length) {
    out.push('## Differences by data ID', '');
    for (const c of detailed) {
      const pairs = c.comparison.pairs.filter((p) => p.outcome !== 'identical' && p.outcome !== 'within-tolerance');
      out.push(`<details><summary>${cell(c.comparison.instrument)} ${cell(c.comparison.datasetType)}: ${pairs.length} pair(s) not identical</summary>`, '');
      out.push('| outcome | Gen2 data ID | Gen3 data ID | details |', '|---|---|---|---|');
      for (const p of pairs.slice(0, maxPairs)) {
        out.push(`| ${OUTCOME_LABELS[p.outcome]} | ${cell(formatDataId(p.gen2DataId))} | ${cell(formatDataId(p.gen3DataId))} | ${pairLines(p).map(cell).join('<br>')} |`);
      }
      if (pairs.length > maxPairs) out.push('', `… and ${pairs.length - maxPairs} more (see the HTML or JSON report).`);
      out.push('', '</details>', '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
