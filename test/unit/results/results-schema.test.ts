import { describe, expect, it } from 'vitest';
import { ResultsFormatError } from '../../../src/results/errors.js';
import { OUTCOMES } from '../../../src/results/outcome.js';
import { parseResults } from '../../../src/results/read-results.js';
import { summarizeResults } from '../../../src/results/summarize-results.js';
import { sampleResults } from './sample-results.js';

describe('results model', () => {
  it('accepts the sample and fills defaults', () => {
    const r = parseResults(sampleResults(), 'sample.json');
    expect(r.comparisons[0]?.configDiffs).toEqual([]);
    expect(r.formatVersion).toBe(1);
  });

  it('sample covers every outcome and summary kind', () => {
    const r = parseResults(sampleResults(), 'sample.json');
    const outcomes = new Set(r.comparisons.flatMap((c) => c.pairs.map((p) => p.outcome)));
    expect([...outcomes].sort()).toEqual([...OUTCOMES].sort());
    const kinds = new Set(r.comparisons.flatMap((c) => c.pairs.flatMap((p) => p.summaries.map((s) => s.kind))));
    expect([...kinds].sort()).toEqual(['catalog', 'header', 'image', 'text']);
  });

  it('rejects another major version with a clear message', () => {
    expect(() => parseResults({ ...sampleResults(), formatVersion: 2 }, 'r.json')).toThrow(/r\.json: formatVersion: 2 is not supported/);
  });

  it('lists every problem with its path', () => {
    const bad = sampleResults();
    const cmp = bad.comparisons[1];
    if (!cmp) throw new Error('sample shape');
    cmp.pairs[3] = { gen2DataId: { visit: 1 }, gen3DataId: { visit: 1 }, outcome: 'explained' };
    cmp.pairs[4] = { gen3DataId: { visit: 1 }, outcome: 'failed', error: 'x' };
    cmp.instrument = 'LATISS';
    try {
      parseResults(bad, 'bad.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ResultsFormatError);
      const e = err as ResultsFormatError;
      expect(e.code).toBe('RESULTS_FORMAT');
      expect(e.exitCode).toBe(2);
      expect(e.issues).toEqual(
        expect.arrayContaining([
          'comparisons[1].pairs[3].explanation: an explained outcome needs an explanation {reason, ticket?}',
          'comparisons[1].pairs[4].gen2DataId: missing (required unless outcome is only-gen3)',
          'comparisons[1].instrument: LATISS is not listed in instruments',
        ]),
      );
    }
  });

  it('rejects a histogram whose counts do not fit its edges', () => {
    const bad = sampleResults();
    const pair = bad.comparisons[1]?.pairs[1];
    const s = pair?.summaries?.[0];
    if (!s || s.kind !== 'image' || !s.histogram) throw new Error('sample shape');
    s.histogram.counts.pop();
    expect(() => parseResults(bad, 'h.json')).toThrow(/comparisons\[1\]\.pairs\[1\]\.summaries\[0\]\.histogram: counts must have one entry fewer than edges/);
  });

  it('summarises counts per comparison, dataset type, matrix cell and evidence id', () => {
    const s = summarizeResults(parseResults(sampleResults({ visits: 3 }), 's.json'));
    const calexp = s.comparisons.find((c) => c.comparison.id === 'processing/HSC/calexp');
    expect(calexp?.counts).toEqual({ identical: 1, 'within-tolerance': 1, explained: 1, different: 1, 'only-gen2': 1, 'only-gen3': 0, failed: 1 });
    expect(calexp?.verdict).toBe('fail');
    expect(s.comparisons.find((c) => c.comparison.id === 'conversion/DemoCam/raw')?.verdict).toBe('pass');
    expect(s.comparisons.find((c) => c.comparison.id === 'processing/HSC/deepCoadd')?.verdict).toBe('empty');
    expect(s.matrix.cells).toHaveLength(2 * 5);
    expect(s.matrix.cells.find((c) => c.instrument === 'DemoCam' && c.datasetType === 'deepCoadd')?.present).toBe(false);
    expect(s.datasetTypes.find((d) => d.datasetType === 'raw')?.counts.identical).toBe(12);
    expect(s.evidence.map((e) => e.id).sort()).toEqual(['DM-DAX-12', 'DM-DAX-13']);
    expect(s.verdict).toBe('fail');
  });
});
