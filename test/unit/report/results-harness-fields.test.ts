import { describe, expect, it } from 'vitest';
import { parseResults } from '../../../src/results/read-results.js';
import { summarizeResults } from '../../../src/results/summarize-results.js';
import { renderResultsHtml } from '../../../src/report/results-html.js';
import { renderResultsJunit } from '../../../src/report/results-junit.js';
import { renderResultsMarkdown } from '../../../src/report/results-markdown.js';
import { sampleResults } from '../results/sample-results.js';

/** The sample results with the fields the parity harness adds: failed units/stages, a comparison that could not run, golden checks. */
function harnessResults() {
  const raw = sampleResults() as { comparisons: Record<string, unknown>[]; failures?: unknown[] };
  raw.failures = [
    { stage: 'run-gen2', side: 'gen2', step: 'probe', unit: 'probe/ccd=0,visit=1001', dataId: { visit: 1001, ccd: 0 }, error: 'exit code 1 <stderr: a|b>' },
    { stage: 'conversion-parity', error: 'blocked: convert failed' },
  ];
  raw.comparisons[0] = { ...raw.comparisons[0], golden: { file: 'ci_gen3/suites/golden/demo/calexp.json', status: 'changed', changes: ['visit=101 ccd=0: image IMAGE maxAbs 0.18 -> 0.25', 'visit=102 ccd=0: new pair'] } };
  raw.comparisons[1] = { ...raw.comparisons[1], golden: { file: 'ci_gen3/suites/golden/demo/raw.json', status: 'matched', changes: [] } };
  raw.comparisons.push({ id: 'processing/DemoCam/calexpX', instrument: 'DemoCam', datasetType: 'calexpX', kind: 'processing', comparator: 'image', pairs: [], error: 'unknown dataset type calexpX: the DemoMapper policy defines no dataset type calexpX <with a file template>' });
  return parseResults(raw, 'harness.json');
}

const results = harnessResults();
const summary = summarizeResults(results);
const plain = parseResults(sampleResults(), 'sample.json');
const plainSummary = summarizeResults(plain);

describe('Markdown: harness fields', () => {
  const md = renderResultsMarkdown(results, summary);
  it('lists failed units and stages with their data ID and error, escaped', () => {
    expect(md).toContain('## Failures');
    expect(md).toContain('| run-gen2 | gen2 | probe | probe/ccd=0,visit=1001 | visit=1001 ccd=0 | exit code 1 &lt;stderr: a\\|b&gt; |');
    expect(md).toContain('| conversion-parity | — | — | — | — | blocked: convert failed |');
  });
  it('lists comparisons that could not run, and golden checks with their changes', () => {
    expect(md).toContain('| processing/DemoCam/calexpX | unknown dataset type calexpX: the DemoMapper policy defines no dataset type calexpX &lt;with a file template&gt; |');
    expect(md).toContain(`| ${results.comparisons[0]!.id} | \`ci_gen3/suites/golden/demo/calexp.json\` | changed | visit=101 ccd=0: image IMAGE maxAbs 0.18 -&gt; 0.25<br>visit=102 ccd=0: new pair |`);
    expect(md).toContain(`| ${results.comparisons[1]!.id} | \`ci_gen3/suites/golden/demo/raw.json\` | matched | — |`);
  });
  it('adds no such sections when the run has none', () => {
    const text = renderResultsMarkdown(plain, plainSummary);
    for (const h of ['## Failures', '## Comparison errors', '## Golden summaries']) expect(text).not.toContain(h);
  });
});

describe('HTML: harness fields', () => {
  const html = renderResultsHtml(results, summary);
  it('has a failures table, golden table and per-comparison error and golden lines, escaped and self-contained', () => {
    expect(html).toContain('<section id="failures">');
    expect(html).toContain('<tr class="failure" data-stage="run-gen2"><td>run-gen2</td><td>gen2</td><td>probe</td><td class="mono">probe/ccd=0,visit=1001</td><td class="mono">visit=1001 ccd=0</td><td>exit code 1 &lt;stderr: a|b&gt;</td></tr>');
    expect(html).toContain('<tr class="failure" data-stage="conversion-parity">');
    expect(html).toContain('<section id="golden">');
    expect(html).toContain('<tr data-golden="changed">');
    expect(html).toContain('<li>visit=101 ccd=0: image IMAGE maxAbs 0.18 -&gt; 0.25</li>');
    expect(html).toMatch(/<section class="comparison" id="cmp-processing_DemoCam_calexpX"[^>]*>.*\n<p>0 pair\(s\).*\n<p class="comparison-error"><strong>Comparison failed:<\/strong> unknown dataset type calexpX: .*&lt;with a file template&gt;<\/p>/);
    expect(html).toContain('<p class="golden" data-golden="changed">Golden <code>ci_gen3/suites/golden/demo/calexp.json</code>: changed (2 change(s)).</p>');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect([...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].every((m) => m[1]?.startsWith('#'))).toBe(true);
  });
  it('adds no such sections when the run has none', () => {
    const text = renderResultsHtml(plain, plainSummary);
    expect(text).not.toMatch(/id="failures"|id="golden"|class="comparison-error"/);
  });
});

describe('JUnit: harness fields', () => {
  const xml = renderResultsJunit(results, summary);
  it('a comparison that could not run is an <error> testcase', () => {
    expect(xml).toMatch(/<testcase name="processing\/calexpX" classname="gen2to3\.sample\.DemoCam" time="0\.000" assertions="1">\n\s+<error type="comparison-error" message="unknown dataset type calexpX: the DemoMapper policy defines no dataset type calexpX &lt;with a file template&gt;">/);
  });
  it('failed units and stages form one more testsuite of <error> testcases, counted in the totals', () => {
    expect(xml).toMatch(/<testsuite name="sample\.failures" package="gen2to3\.sample" tests="2" failures="0" errors="2" skipped="0"/);
    expect(xml).toContain('<testcase name="probe/ccd=0,visit=1001" classname="gen2to3.sample.run-gen2.gen2" time="0.000">');
    expect(xml).toContain('<error type="unit-failure" message="exit code 1 &lt;stderr: a|b&gt;">run-gen2 gen2 probe {visit=1001 ccd=0}: exit code 1 &lt;stderr: a|b&gt;</error>');
    expect(xml).toContain('<error type="stage-failure" message="blocked: convert failed">conversion-parity: blocked: convert failed</error>');
    const plainXml = renderResultsJunit(plain, plainSummary);
    const total = (s: string) => /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(s)!.slice(1).map(Number);
    const [t0, f0, e0] = total(plainXml);
    // + 1 comparison (errored) + 2 failures.
    expect(total(xml)).toEqual([t0! + 3, f0, e0! + 3]);
  });
  it('golden checks and their changes go to the comparison system-out', () => {
    expect(xml).toContain('golden ci_gen3/suites/golden/demo/calexp.json: changed\n  visit=101 ccd=0: image IMAGE maxAbs 0.18 -&gt; 0.25\n  visit=102 ccd=0: new pair');
    expect(xml).toContain('golden ci_gen3/suites/golden/demo/raw.json: matched');
  });
});
