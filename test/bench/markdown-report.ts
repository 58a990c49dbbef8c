import type { BenchReport, BenchRun } from './types.js';

/** A number for humans: thousands separators, at most 3 decimals. */
export function formatNumber(value: number | string): string {
  if (typeof value === 'string') return value;
  return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 3 });
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function targetText(run: BenchRun): string {
  return run.targets.map((t) => `${t.metric} ${t.op} ${formatNumber(t.value)} (${t.actual === undefined ? 'missing' : formatNumber(t.actual)})`).join('; ');
}

function peersText(run: BenchRun): string {
  return Object.entries(run.peers)
    .map(([peer, metrics]) => `${peer}: ${Object.entries(metrics).map(([k, v]) => `${k} ${formatNumber(v)}`).join(', ')}`)
    .join('; ');
}

/** The one-table summary: a row per benchmark (also what goes into README.md). */
export function summaryTable(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `Measured ${report.createdAt} on ${m.cpuModel} (${m.cpus} CPUs, ${m.memoryGiB} GiB), ${m.platform} ${m.arch}, Node ${m.node}.`,
    '',
    '| benchmark | metrics | peers | targets | pass |',
    '|---|---|---|---|---|',
  ];
  for (const run of report.runs) {
    const metrics = run.error ? `error: ${run.error}` : Object.entries(run.metrics).map(([k, v]) => `${k} ${formatNumber(v)}`).join(', ');
    lines.push(`| ${[run.name, metrics, peersText(run), targetText(run), run.pass ? 'yes' : '**no**'].map(escapeCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The full Markdown report: the summary, then each benchmark's metrics, peers and notes. */
export function markdownReport(report: BenchReport): string {
  const parts = ['# Benchmarks', '', summaryTable(report)];
  for (const run of report.runs) {
    parts.push('', `## ${run.name}`, '', run.description, '', '| metric | value |', '|---|---|');
    for (const [k, v] of Object.entries(run.metrics)) parts.push(`| ${k} | ${formatNumber(v)} |`);
    for (const [peer, metrics] of Object.entries(run.peers)) {
      parts.push('', `Peer **${peer}**:`, '', '| metric | value |', '|---|---|');
      for (const [k, v] of Object.entries(metrics)) parts.push(`| ${k} | ${escapeCell(formatNumber(v))} |`);
    }
    if (run.targets.length > 0) parts.push('', `Targets: ${targetText(run)} — ${run.pass ? 'met' : '**not met**'}.`);
    if (run.error) parts.push('', `Error: ${run.error}`);
    if (run.notes.length > 0) parts.push('', ...run.notes.map((note) => `- ${note}`));
  }
  return `${parts.join('\n')}\n`;
}
