import { OUTCOMES, PROBLEM_OUTCOMES, type Verdict } from '../results/outcome.js';
import type { Comparison, PairResult, ParityResults, ResourceUsage } from '../results/results-schema.js';
import type { ResultsSummary } from '../results/summarize-results.js';
import { pairLines } from './diff-summary-lines.js';
import { escapeMarkup as e } from './escape-markup.js';
import { formatBytes, formatDataId, formatSeconds } from './format-values.js';
import { htmlPage } from './html-page.js';
import { OUTCOME_COLORS, OUTCOME_LABELS } from './outcome-style.js';
import { stepTimingCaveat } from './step-timing-caveat.js';
import { histogramChart } from './svg/histogram-chart.js';
import { magnitudeScatterChart } from './svg/magnitude-scatter-chart.js';
import { outcomeBarsChart } from './svg/outcome-bars-chart.js';
import { pairedBarsChart } from './svg/paired-bars-chart.js';
import { parityMatrixChart } from './svg/parity-matrix-chart.js';

/** Options of {@link renderResultsHtml}. */
export interface HtmlOptions {
  /** Pairs per comparison drawn with their charts; further pairs are listed as text. Default is `25`. */
  readonly maxChartedPairs: number;
}

const VERDICT_TEXT: Record<Verdict, string> = { pass: 'PASS', fail: 'FAIL', empty: 'NOTHING COMPARED' };

/** Anchor id of a comparison's drill-down section. */
export function comparisonAnchor(comparison: Pick<Comparison, 'id'>): string {
  return `cmp-${comparison.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function countsCells(counts: Record<string, number>): string {
  return OUTCOMES.map((o) => `<td class="num" data-outcome="${o}">${counts[o] ?? 0}</td>`).join('');
}

function pairDetails(comparison: Comparison, pair: PairResult, charted: boolean, open: boolean): string {
  const ids = `Gen2 {${formatDataId(pair.gen2DataId)}} · Gen3 {${formatDataId(pair.gen3DataId)}}`;
  const lines = pairLines(pair);
  let charts = '';
  if (charted) {
    for (const s of pair.summaries) {
      if (s.kind === 'image' && s.histogram) charts += histogramChart(s.histogram, `${comparison.datasetType} ${s.plane ?? 'image'} Gen3 − Gen2, ${formatDataId(pair.gen3DataId)}`);
      if (s.kind === 'catalog') {
        for (const m of s.magnitudeDifferences) if (m.samples.length) charts += magnitudeScatterChart(m.samples, `${comparison.datasetType} ${m.column} Δmag vs mag, ${formatDataId(pair.gen3DataId)}`, m);
      }
    }
  }
  return (
    `<details class="pair" data-outcome="${pair.outcome}"${open && charts ? ' open' : ''}><summary><span class="outcome" style="color:${OUTCOME_COLORS[pair.outcome]}">${e(OUTCOME_LABELS[pair.outcome])}</span> ` +
    `<span class="mono">${e(ids)}</span></summary>` +
    `<ul>${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>${charts ? `<div class="charts">${charts}</div>` : ''}</details>`
  );
}

function usageCell(u: ResourceUsage | undefined, pick: (u: ResourceUsage) => string): string {
  return `<td class="num">${u ? e(pick(u)) : '—'}</td>`;
}

/**
 * Renders parity results as one self-contained HTML page: no scripts, no external references (a CSP
 * forbids any), inline SVG charts (parity matrix, outcomes per dataset type, step time and memory
 * Gen2 vs Gen3, pixel-difference histograms, catalog Δmag vs mag) and a drill-down to every pair
 * that is not identical.
 */
export function renderResultsHtml(results: ParityResults, summary: ResultsSummary, options: Partial<HtmlOptions> = {}): string {
  const maxCharted = options.maxChartedPairs ?? 25;
  const b: string[] = [];
  b.push(`<header><h1>Gen2 ↔ Gen3 parity: ${e(results.suite.name)} <span class="badge ${summary.verdict}" data-verdict="${summary.verdict}">${VERDICT_TEXT[summary.verdict]}</span></h1>`);
  b.push(
    `<p class="muted">Started ${e(results.startedAt)}${results.finishedAt ? `, finished ${e(results.finishedAt)}` : ''}${results.commit ? `, commit <code>${e(results.commit)}</code>` : ''}; ` +
      `instruments ${results.instruments.map(e).join(', ')}${results.suite.description ? `. ${e(results.suite.description)}` : ''}</p>`,
  );
  b.push(`<table class="totals"><tr>${OUTCOMES.map((o) => `<th class="num">${OUTCOME_LABELS[o]}</th>`).join('')}</tr><tr>${countsCells(summary.totals)}</tr></table></header>`);

  b.push('<section id="matrix"><h2>Parity matrix</h2><p class="muted">Problems (different, unpaired, failed) / pairs per instrument and dataset type.</p>');
  b.push(`<div class="charts">${parityMatrixChart(summary.matrix)}</div></section>`);

  b.push('<section id="outcomes"><h2>Outcomes per dataset type</h2>');
  b.push(`<div class="charts">${outcomeBarsChart(summary.datasetTypes.map((d) => ({ label: d.datasetType, counts: d.counts })))}</div>`);
  b.push(`<table><tr><th>instrument</th><th>dataset type</th><th>kind</th><th>comparator</th>${OUTCOMES.map((o) => `<th class="num">${OUTCOME_LABELS[o]}</th>`).join('')}<th>verdict</th></tr>`);
  for (const c of summary.comparisons) {
    b.push(
      `<tr data-comparison="${e(c.comparison.id)}"><td>${e(c.comparison.instrument)}</td><td><a href="#${comparisonAnchor(c.comparison)}">${e(c.comparison.datasetType)}</a>${c.comparison.gen2DatasetType ? ` <span class="muted">(Gen2 ${e(c.comparison.gen2DatasetType)})</span>` : ''}</td>` +
        `<td>${c.comparison.kind}</td><td>${e(c.comparison.comparator)}</td>${countsCells(c.counts)}<td><span class="badge ${c.verdict}">${VERDICT_TEXT[c.verdict]}</span></td></tr>`,
    );
  }
  b.push('</table></section>');

  if (results.steps.length) {
    const groups = (pick: (u: ResourceUsage) => number) => results.steps.map((s) => ({ label: s.step, gen2: s.gen2 && pick(s.gen2), gen3: s.gen3 && pick(s.gen3) }));
    const caveat = stepTimingCaveat(results.stages);
    b.push(`<section id="steps"><h2>Steps: Gen2 vs Gen3</h2>${caveat ? `<p class="muted" data-caveat="step-timing">${e(caveat)}</p>` : ''}<div class="charts">`);
    b.push(pairedBarsChart(groups((u) => u.wallSeconds), { kind: 'step-wall', title: 'Wall time per step', format: formatSeconds }));
    b.push(pairedBarsChart(groups((u) => u.cpuSeconds), { kind: 'step-cpu', title: 'CPU time per step', format: formatSeconds }));
    b.push(pairedBarsChart(groups((u) => u.peakMemoryBytes), { kind: 'step-memory', title: 'Peak memory per step', format: formatBytes }));
    b.push('</div><table><tr><th>step</th><th class="num">Gen2 wall</th><th class="num">Gen3 wall</th><th class="num">Gen2 CPU</th><th class="num">Gen3 CPU</th><th class="num">Gen2 peak</th><th class="num">Gen3 peak</th><th class="num">Gen2 quanta</th><th class="num">Gen3 quanta</th></tr>');
    for (const s of results.steps) {
      b.push(
        `<tr><td>${e(s.step)}</td>${usageCell(s.gen2, (u) => formatSeconds(u.wallSeconds))}${usageCell(s.gen3, (u) => formatSeconds(u.wallSeconds))}` +
          `${usageCell(s.gen2, (u) => formatSeconds(u.cpuSeconds))}${usageCell(s.gen3, (u) => formatSeconds(u.cpuSeconds))}` +
          `${usageCell(s.gen2, (u) => formatBytes(u.peakMemoryBytes))}${usageCell(s.gen3, (u) => formatBytes(u.peakMemoryBytes))}` +
          `${usageCell(s.gen2, (u) => String(u.quanta ?? '—'))}${usageCell(s.gen3, (u) => String(u.quanta ?? '—'))}</tr>`,
      );
    }
    b.push('</table></section>');
  }
  if (results.stages.length) {
    b.push('<section id="stages"><h2>Stages</h2><table><tr><th>stage</th><th>status</th><th class="num">duration</th><th>error</th></tr>');
    for (const s of results.stages) b.push(`<tr data-stage="${s.stage}"><td>${s.stage}</td><td>${s.status}</td><td class="num">${formatSeconds(s.durationMs / 1000)}</td><td>${e(s.error ?? '')}</td></tr>`);
    b.push('</table></section>');
  }
  if (results.failures.length) {
    b.push('<section id="failures"><h2>Failures</h2><p class="muted">Units of work and stages that failed; the rest of the run completed.</p><table><tr><th>stage</th><th>side</th><th>step</th><th>unit</th><th>data ID</th><th>error</th></tr>');
    for (const f of results.failures) {
      b.push(`<tr class="failure" data-stage="${f.stage}"><td>${f.stage}</td><td>${f.side ?? '—'}</td><td>${e(f.step ?? '—')}</td><td class="mono">${e(f.unit ?? '—')}</td><td class="mono">${f.dataId ? e(formatDataId(f.dataId)) : '—'}</td><td>${e(f.error)}</td></tr>`);
    }
    b.push('</table></section>');
  }
  const goldens = results.comparisons.filter((c) => c.golden);
  if (goldens.length) {
    b.push('<section id="golden"><h2>Golden summaries</h2><table><tr><th>comparison</th><th>golden file</th><th>status</th><th>changes</th></tr>');
    for (const c of goldens) {
      const g = c.golden!;
      b.push(`<tr data-golden="${g.status}"><td><a href="#${comparisonAnchor(c)}">${e(c.id)}</a></td><td><code>${e(g.file)}</code></td><td>${g.status}</td><td>${g.changes.length ? `<ul>${g.changes.map((ch) => `<li>${e(ch)}</li>`).join('')}</ul>` : '—'}</td></tr>`);
    }
    b.push('</table></section>');
  }
  if (summary.evidence.length) {
    b.push('<section id="evidence"><h2>Evidence for milestones and blockers</h2><table><tr><th>id</th>' + OUTCOMES.map((o) => `<th class="num">${OUTCOME_LABELS[o]}</th>`).join('') + '<th>verdict</th></tr>');
    for (const ev of summary.evidence) b.push(`<tr><td>${e(ev.id)}</td>${countsCells(ev.counts)}<td><span class="badge ${ev.verdict}">${VERDICT_TEXT[ev.verdict]}</span></td></tr>`);
    b.push('</table></section>');
  }

  b.push('<section id="drilldown"><h2>Comparisons by data ID</h2>');
  for (const c of summary.comparisons) {
    const cmp = c.comparison;
    const notIdentical = cmp.pairs.filter((p) => p.outcome !== 'identical');
    b.push(`<section class="comparison" id="${comparisonAnchor(cmp)}" data-comparison="${e(cmp.id)}"><h3>${e(cmp.instrument)} · ${e(cmp.datasetType)} <span class="muted">(${cmp.kind}, ${e(cmp.comparator)})</span></h3>`);
    b.push(`<p>${cmp.pairs.length} pair(s): ${OUTCOMES.filter((o) => c.counts[o]).map((o) => `${c.counts[o]} ${OUTCOME_LABELS[o]}`).join(', ') || 'none'}.${cmp.evidenceFor.length ? ` Evidence for ${cmp.evidenceFor.map(e).join(', ')}.` : ''}</p>`);
    if (cmp.error !== undefined) b.push(`<p class="comparison-error"><strong>Comparison failed:</strong> ${e(cmp.error)}</p>`);
    if (cmp.golden) b.push(`<p class="golden" data-golden="${cmp.golden.status}">Golden <code>${e(cmp.golden.file)}</code>: ${cmp.golden.status}${cmp.golden.changes.length ? ` (${cmp.golden.changes.length} change(s))` : ''}.</p>`);
    for (const d of cmp.configDiffs) {
      b.push(`<details class="config-diff"><summary>config of ${e(d.task)}: ${d.differences.length} field(s) differ</summary><table><tr><th>field</th><th>change</th><th>Gen2</th><th>Gen3</th></tr>`);
      for (const f of d.differences) b.push(`<tr><td><code>${e(f.path)}</code></td><td>${f.change}</td><td><code>${e(f.gen2 ?? '—')}</code></td><td><code>${e(f.gen3 ?? '—')}</code></td></tr>`);
      b.push('</table></details>');
    }
    // One pair with charts per comparison is shown open (a problem pair when there is one); the rest are one click away.
    const charted = (p: PairResult) => p.summaries.some((s) => (s.kind === 'image' && s.histogram) || (s.kind === 'catalog' && s.magnitudeDifferences.length));
    const problem = notIdentical.findIndex((p) => charted(p) && PROBLEM_OUTCOMES.includes(p.outcome));
    const firstCharted = problem >= 0 ? problem : notIdentical.findIndex(charted);
    notIdentical.forEach((p, i) => b.push(pairDetails(cmp, p, i < maxCharted, i === firstCharted)));
    b.push('</section>');
  }
  b.push('</section>');
  b.push(`<footer class="muted"><p>results.json formatVersion ${results.formatVersion}; generated by gen2to3.</p></footer>`);
  return htmlPage(`Parity ${results.suite.name}`, b.join('\n'));
}
