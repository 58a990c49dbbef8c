/**
 * SAMPLE DATA for renderer tests: a deterministic generator of `results.json` content covering every
 * pairing outcome, every diff-summary kind, config diffs, stages and Gen2/Gen3 step resource usage.
 * The numbers are synthetic (seeded PRNG) — they are not measurements and not product output.
 */
import type { ParityResultsInput } from '../../../src/results/results-schema.js';
import { prng } from '../../helpers/prng.js';

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
}

function histogram(rand: () => number, scale: number): { edges: number[]; counts: number[] } {
  const edges = Array.from({ length: 21 }, (_, i) => Number((-scale + (i * scale) / 10).toFixed(6)));
  const counts = edges.slice(1).map((_, i) => Math.round(20000 * Math.exp(-(((i - 9.5) / 2.5) ** 2)) + rand() * 3));
  return { edges, counts };
}

/** Options of {@link sampleResults}. */
export interface SampleOptions {
  readonly seed?: number;
  /** Visits per instrument (each × 2 detectors gives the pairs). Default is `3`. */
  readonly visits?: number;
  readonly suite?: string;
  readonly startedAt?: string;
}

/** Sample results with every outcome; `pairs` scale with `visits`. */
export function sampleResults(options: SampleOptions = {}): ParityResultsInput {
  const rand = prng(options.seed ?? 42);
  const visits = options.visits ?? 3;
  const suite = options.suite ?? 'sample';
  const dataIds = (instrument: string) =>
    Array.from({ length: visits }, (_, v) => [0, 1].map((d) => ({ gen2: { visit: 100 + v, ccd: d }, gen3: { instrument, visit: 100 + v, detector: d } }))).flat();
  const comparisons: ParityResultsInput['comparisons'] = [];
  for (const instrument of ['DemoCam', 'HSC']) {
    const ids = dataIds(instrument);
    comparisons.push({
      id: `conversion/${instrument}/raw`,
      instrument,
      datasetType: 'raw',
      kind: 'conversion',
      comparator: 'bytes',
      evidenceFor: ['DM-DAX-12'],
      durationMs: 120 + rand() * 50,
      pairs: ids.map((id) => ({ gen2DataId: id.gen2, gen3DataId: id.gen3, outcome: 'identical' as const })),
    });
    comparisons.push({
      id: `processing/${instrument}/calexp`,
      instrument,
      datasetType: 'calexp',
      kind: 'processing',
      comparator: 'exposure',
      evidenceFor: ['DM-DAX-12', 'DM-DAX-13'],
      durationMs: 900 + rand() * 100,
      configDiffs: [
        { task: 'calibrate', gen2Dataset: 'processCcd_config', gen3Dataset: 'calibrate_config', differences: [{ path: 'astromRefObjLoader.pixelMargin', change: 'changed', gen2: '300', gen3: '250' }] },
      ],
      pairs: ids.map((id, i) => {
        const base = { gen2DataId: id.gen2, gen3DataId: id.gen3 };
        if (i === 0) return { ...base, outcome: 'identical' as const };
        if (i === 1)
          return {
            ...base,
            outcome: 'within-tolerance' as const,
            summaries: [{ kind: 'image' as const, plane: 'image', compared: 4096, differing: 0, maxAbs: 3e-6, meanAbs: 1e-7, medianAbs: 0, rtol: 1e-5, atol: 1e-8, histogram: histogram(rand, 5e-6) }],
          };
        if (i === 2)
          return {
            ...base,
            outcome: 'different' as const,
            summaries: [
              { kind: 'image' as const, plane: 'image', compared: 4096, differing: 37, nonFiniteMismatch: 2, maxAbs: 0.18, meanAbs: 0.004, medianAbs: 0.001, rtol: 1e-5, atol: 1e-8, histogram: histogram(rand, 0.2), maskPlanes: [{ plane: 'DETECTED', gen2: 812, gen3: 815 }] },
              { kind: 'header' as const, differingKeys: [{ key: 'EXPID', gen2: '903334010', gen3: '903334110' }], onlyGen2: [], onlyGen3: ['LSST BUTLER ID'] },
            ],
          };
        if (i === 3) return { ...base, outcome: 'explained' as const, explanation: { reason: 'FringeTask RNG seed differed for HSC-Y <fixed later>', ticket: 'DM-29881' } };
        if (i === 4) return { ...base, outcome: 'failed' as const, error: 'truncated FITS: END card missing in HDU 2' };
        return { gen2DataId: id.gen2, outcome: 'only-gen2' as const };
      }),
    });
    const samples: [number, number][] = Array.from({ length: 60 }, () => {
      const mag = 17 + rand() * 7;
      return [Number(mag.toFixed(3)), Number((gauss(rand) * (mag - 16) * 0.8).toFixed(3))];
    });
    comparisons.push({
      id: `processing/${instrument}/src`,
      instrument,
      datasetType: 'src',
      kind: 'processing',
      comparator: 'catalog',
      evidenceFor: ['DM-DAX-13'],
      durationMs: 400,
      pairs: [
        ...ids.slice(0, 2).map((id, i) => ({
          gen2DataId: id.gen2,
          gen3DataId: id.gen3,
          outcome: i === 0 ? ('different' as const) : ('within-tolerance' as const),
          summaries: [
            {
              kind: 'catalog' as const,
              gen2Rows: 812,
              gen3Rows: 815 - i * 3,
              matched: 809,
              matchBy: 'position' as const,
              matchRadiusArcsec: 0.2,
              schemaDifferences: i === 0 ? ['EQUAL_DOCS'] : [],
              columnsOverTolerance: i === 0 ? [{ column: 'base_PsfFlux_instFlux', rows: 14, maxAbs: 3.2 }] : [],
              magnitudeDifferences: [{ column: 'base_PsfFlux', samples, meanMmag: 0.3, medianMmag: 0.1, stdevMmag: 2.4, n: samples.length }],
            },
          ],
        })),
        { gen3DataId: { instrument, visit: 999, detector: 0 }, outcome: 'only-gen3' as const },
      ],
    });
    comparisons.push({
      id: `processing/${instrument}/calexp_metadata`,
      instrument,
      datasetType: 'calexp_metadata',
      gen2DatasetType: 'processCcd_metadata',
      kind: 'processing',
      comparator: 'metadata',
      pairs: [{ gen2DataId: ids[0]?.gen2 ?? {}, gen3DataId: ids[0]?.gen3 ?? {}, outcome: 'different', summaries: [{ kind: 'text', lines: ['calibrate.numSources: 812 != 815'] }] }],
    });
  }
  comparisons.push({ id: 'processing/HSC/deepCoadd', instrument: 'HSC', datasetType: 'deepCoadd', kind: 'processing', comparator: 'exposure', pairs: [] });
  const usage = (wall: number) => ({ wallSeconds: wall, cpuSeconds: wall * (0.7 + rand() * 0.6), peakMemoryBytes: Math.round((0.5 + rand()) * 2 ** 30), quanta: visits * 2 });
  return {
    formatVersion: 1,
    suite: { name: suite, file: `ci_gen3/suites/${suite}.yaml`, description: 'Sample data for renderer tests' },
    commit: '0123456789abcdef0123456789abcdef01234567',
    startedAt: options.startedAt ?? '2026-11-25T12:00:00Z',
    finishedAt: '2026-11-25T12:41:07Z',
    instruments: ['DemoCam', 'HSC'],
    stages: [
      { stage: 'prepare', status: 'completed', durationMs: 1200 },
      { stage: 'convert', status: 'completed', durationMs: 45000 },
      { stage: 'conversion-parity', status: 'completed', durationMs: 8000 },
      { stage: 'run-gen2', status: 'completed', durationMs: 900000 },
      { stage: 'run-gen3', status: 'resumed', durationMs: 1100000 },
      { stage: 'compare', status: 'failed', durationMs: 30000, error: 'comparator failed on 2 pairs' },
      { stage: 'report', status: 'skipped', durationMs: 0 },
    ],
    steps: [
      { step: 'isr', gen2: usage(120), gen3: usage(131) },
      { step: 'characterizeImage', gen2: usage(300), gen3: usage(290) },
      { step: 'calibrate', gen2: usage(240), gen3: usage(260) },
      { step: 'visitSummary (gather)', gen3: usage(12) },
    ],
    comparisons,
  };
}
