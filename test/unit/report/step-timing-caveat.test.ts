import { describe, expect, it } from 'vitest';
import { parseResults } from '../../../src/results/read-results.js';
import type { StageResult } from '../../../src/results/results-schema.js';
import { summarizeResults } from '../../../src/results/summarize-results.js';
import { renderResultsHtml } from '../../../src/report/results-html.js';
import { renderResultsMarkdown } from '../../../src/report/results-markdown.js';
import { stepTimingCaveat } from '../../../src/report/step-timing-caveat.js';
import { sampleResults } from '../results/sample-results.js';

const at = (second: number): string => new Date(Date.UTC(2026, 10, 25, 12, 0, second)).toISOString();
const side = (stage: 'run-gen2' | 'run-gen3', start: number, seconds: number, status: StageResult['status'] = 'completed'): StageResult => ({ stage, status, startedAt: at(start), durationMs: seconds * 1000 });

describe('stepTimingCaveat', () => {
  it('is given when the run stages overlapped, not when one followed the other', () => {
    expect(stepTimingCaveat([side('run-gen2', 0, 10), side('run-gen3', 2, 10)])).toMatch(/overlapped.*--serial/);
    expect(stepTimingCaveat([side('run-gen3', 0, 10), side('run-gen2', 9, 10)])).toBeDefined();
    expect(stepTimingCaveat([side('run-gen2', 0, 10), side('run-gen3', 10, 10)])).toBeUndefined();
    expect(stepTimingCaveat([side('run-gen2', 0, 10), side('run-gen3', 2, 10, 'skipped')])).toBeUndefined();
    expect(stepTimingCaveat([side('run-gen2', 0, 10), { stage: 'run-gen3', status: 'completed', durationMs: 10_000 }])).toBeUndefined();
    expect(stepTimingCaveat([side('run-gen2', 0, 10)])).toBeUndefined();
  });

  it('appears above the step tables of the Markdown and HTML reports when it applies', () => {
    const raw = sampleResults() as { stages: StageResult[] };
    const plain = parseResults(raw, 'plain.json');
    const overlapping = parseResults({ ...raw, stages: raw.stages.map((s) => (s.stage === 'run-gen2' ? { ...s, startedAt: at(0) } : s.stage === 'run-gen3' ? { ...s, startedAt: at(30) } : s)) }, 'overlap.json');
    const md = renderResultsMarkdown(overlapping, summarizeResults(overlapping));
    expect(md).toMatch(/## Steps: Gen2 vs Gen3\n\nThe run-gen2 and run-gen3 stages overlapped: .*\n\n\| step \|/);
    expect(renderResultsHtml(overlapping, summarizeResults(overlapping))).toContain('<p class="muted" data-caveat="step-timing">The run-gen2 and run-gen3 stages overlapped: steps of the reference pipeline ran in one process, so their wall and CPU times include the other side&#39;s work');
    expect(renderResultsMarkdown(plain, summarizeResults(plain))).not.toContain('overlapped');
    expect(renderResultsHtml(plain, summarizeResults(plain))).not.toContain('data-caveat');
  });
});
