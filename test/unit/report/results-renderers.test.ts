import { describe, expect, it } from 'vitest';
import { parseResults } from '../../../src/results/read-results.js';
import { summarizeResults } from '../../../src/results/summarize-results.js';
import { renderResults, RESULTS_FORMATS, RESULTS_RENDERERS } from '../../../src/report/results-renderers.js';
import { renderResultsHtml } from '../../../src/report/results-html.js';
import { renderResultsJunit } from '../../../src/report/results-junit.js';
import { renderResultsMarkdown } from '../../../src/report/results-markdown.js';
import { sampleResults } from '../results/sample-results.js';

const results = parseResults(sampleResults(), 'sample.json');
const summary = summarizeResults(results);

describe('renderer map', () => {
  it('has one renderer per format and every renderer produces text', () => {
    expect(Object.keys(RESULTS_RENDERERS).sort()).toEqual([...RESULTS_FORMATS].sort());
    for (const f of RESULTS_FORMATS) expect(renderResults(results, f).length).toBeGreaterThan(100);
  });

  it('json round-trips through the schema', () => {
    expect(parseResults(JSON.parse(renderResults(results, 'json')), 'again.json')).toEqual(results);
  });
});

describe('Markdown', () => {
  const md = renderResultsMarkdown(results, summary);
  it('has the verdict, totals, a row per comparison, steps, stages and config diffs', () => {
    expect(md).toMatch(/^# Gen2 ↔ Gen3 parity: sample — ❌ fail\n/);
    expect(md).toContain('| HSC | calexp_metadata (Gen2 processCcd_metadata) | processing | metadata | 0 | 0 | 0 | 1 | 0 | 0 | 0 | ❌ fail |');
    expect(md).toContain('| DemoCam | raw | conversion | bytes | 6 | 0 | 0 | 0 | 0 | 0 | 0 | ✅ pass |');
    expect(md).toContain('| HSC | deepCoadd | processing | exposure | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ⚪ nothing compared |');
    expect(md).toMatch(/\| visitSummary \(gather\) \| — \| 12\.0 s \|/);
    expect(md).toContain('| compare | failed: comparator failed on 2 pairs | 30.0 s |');
    expect(md).toContain('| processing/DemoCam/calexp | calibrate | `astromRefObjLoader.pixelMargin` | changed | 300 | 250 |');
  });
  it('drills down to each differing data ID with its summary, escaping HTML', () => {
    expect(md).toContain('| different | visit=101 ccd=0 | instrument=DemoCam visit=101 detector=0 | image: 37 of 4,096 pixels differ; max \\|Δ\\| 0.18');
    expect(md).toContain('<br>header EXPID: Gen2 903334010 != Gen3 903334110<br>');
    expect(md).toContain('explained: FringeTask RNG seed differed for HSC-Y &lt;fixed later&gt; (DM-29881)');
    expect(md).toContain('| only Gen3 | — | instrument=HSC visit=999 detector=0 | present in Gen3 only |');
    expect(md).not.toContain('<fixed');
  });
  it('caps the pairs listed per comparison', () => {
    const big = parseResults(sampleResults({ visits: 40 }), 'big.json');
    const text = renderResultsMarkdown(big, summarizeResults(big), { maxPairsPerComparison: 5 });
    expect(text).toMatch(/… and \d+ more \(see the HTML or JSON report\)/);
  });
});

describe('HTML', () => {
  const html = renderResultsHtml(results, summary);
  it('is self-contained: CSP meta, no scripts, no external references', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    const urls = [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls.every((u) => u?.startsWith('#'))).toBe(true);
    expect(html.match(/https?:\/\/[^"\s]*/g) ?? []).toEqual(['http://www.w3.org/2000/svg'].flatMap((u) => Array(html.split(u).length - 1).fill(u)));
  });
  it('has every chart with its data', () => {
    expect(html).toContain('data-chart="parity-matrix"');
    expect(html).toMatch(/class="matrix-cell" data-instrument="HSC" data-dataset-type="calexp" data-verdict="fail" data-total="6" data-problems="3"/);
    expect(html).toMatch(/data-instrument="DemoCam" data-dataset-type="deepCoadd" data-verdict="absent"/);
    expect(html).toContain('data-chart="outcome-bars"');
    expect(html).toMatch(/<g class="outcome-bar" data-label="raw"><rect class="segment" data-outcome="identical" data-count="12"/);
    for (const k of ['step-wall', 'step-cpu', 'step-memory', 'pixel-histogram', 'magnitude-scatter']) expect(html).toContain(`data-chart="${k}"`);
    expect(html).toMatch(/data-step="isr" data-side="gen2" data-value="120"/);
    expect((html.match(/class="point" data-mag=/g) ?? []).length).toBeGreaterThanOrEqual(60);
  });
  it('drills down to each pair that is not identical and escapes text', () => {
    expect((html.match(/<details class="pair"/g) ?? []).length).toBe(results.comparisons.flatMap((c) => c.pairs).filter((p) => p.outcome !== 'identical').length);
    expect(html).toContain('FringeTask RNG seed differed for HSC-Y &lt;fixed later&gt;');
    expect(html).toContain('<a href="#cmp-processing_HSC_calexp">calexp</a>');
    expect(html).toContain('id="cmp-processing_HSC_calexp"');
  });
});

describe('JUnit', () => {
  const xml = renderResultsJunit(results, summary);
  it('has one testcase per comparison, grouped per instrument', () => {
    expect((xml.match(/<testcase /g) ?? []).length).toBe(results.comparisons.length);
    expect(xml).toMatch(/<testsuites name="gen2to3 parity: sample" tests="9" failures="6" errors="0" time="[\d.]+">/);
    expect(xml).toMatch(/<testsuite name="sample.HSC" package="gen2to3.sample" tests="5" failures="3" errors="0" skipped="1" time="[\d.]+" timestamp="2026-11-25T12:00:00">/);
  });
  it('failures carry the diff summary; comparator errors are errors; empty comparisons are skipped', () => {
    expect(xml).toContain('<failure type="parity-difference" message="2 of 6 pairs: 1 different, 1 only Gen2">');
    expect(xml).toContain('image: 37 of 4,096 pixels differ; max |Δ| 0.18');
    expect(xml).toContain('<error type="comparator-error" message="visit=102 ccd=0: truncated FITS: END card missing in HDU 2">');
    expect(xml).toContain('<skipped message="no data IDs to compare"/>');
    expect(xml).toContain('explained {instrument=HSC visit=101 detector=1}: FringeTask RNG seed differed for HSC-Y &lt;fixed later&gt; (DM-29881)');
  });
});
