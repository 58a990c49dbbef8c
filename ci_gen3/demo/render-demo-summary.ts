import path from 'node:path';
import { summarizeResults } from '../../src/results/summarize-results.js';
import type { DemoResult } from './run-demo.js';

/** The text `gen2to3 demo` prints: the suite verdict, its stages, the gates and where the reports are. */
export function renderDemoSummary(result: DemoResult): string {
  const { suite } = result;
  const s = summarizeResults(suite.results);
  const totals = Object.entries(s.totals).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o}`).join(', ') || 'nothing compared';
  const rel = (f: string): string => path.relative(process.cwd(), f) || '.';
  const lines = [`Demo parity suite ${suite.suite.name}: ${suite.exitCode === 0 ? 'PASS' : 'FAIL'} (${totals})`];
  for (const st of suite.results.stages) lines.push(`  stage ${st.stage}: ${st.status}${st.error ? ` — ${st.error}` : ''}`);
  for (const p of suite.problems) lines.push(`  problem: ${p}`);
  lines.push('', `Gen2 retirement gates (as of ${result.dashboard.asOf}):`);
  for (const g of result.dashboard.gates) lines.push(`  ${g.id} ${g.title}: ${g.state}`);
  lines.push('', 'Reports:');
  for (const f of result.written) lines.push(`  ${rel(f)}`);
  return `${lines.join('\n')}\n`;
}
