import path from 'node:path';
import { diffFitsFiles, type FitsDiff } from '../../src/diff/fits-diff.js';
import { ASTROPY_FITSDIFF_OPTIONS, type FitsDiffOptions } from '../../src/diff/fits-diff-options.js';
import { projectRoot } from './bench-process.js';
import { AstropyFitsDiff, FITSDIFF_INPUTS, generateInputs, interopPython, type AstropyTiming } from './fitsdiff-python.js';
import type { Benchmark, BenchTarget } from './types.js';

const ROUNDS = 5;
const SIDE = 4096;
const ROWS = 1_000_000;
/** Bytes of a table row: K, D, D, E, E, J, I. */
const ROW_BYTES = 8 + 8 + 8 + 4 + 4 + 4 + 2;
/** The uncompressed identical pair must be compared at this rate or faster (bytes of one side per second). */
const IDENTICAL_BYTES_PER_SECOND = 1e9;
const MIN_RATIO = 2;

/** The options `gen2to3 fitsdiff A B` runs with when given no option (src/cli/commands/fitsdiff.ts). */
const CLI_OPTIONS: FitsDiffOptions = {
  ...ASTROPY_FITSDIFF_OPTIONS,
  tolerance: { rtol: 0, atol: 0 },
  ignoreKeywords: [],
  ignoreComments: [],
  ignoreHdus: [],
  ignoreFields: [],
  maxReportedValues: 50,
};

interface Case {
  /** Prefix of the metric names. */
  readonly key: string;
  readonly label: string;
  readonly a: string;
  readonly b: string;
  /** Uncompressed data bytes of one side: the throughput numerator. */
  readonly bytes: number;
  readonly identical: boolean;
}

interface Measured {
  readonly ours: number[];
  readonly astropy: number[];
  oursDiffering: number;
  oursIdentical: boolean;
  astropyLast?: AstropyTiming;
}

/**
 * `diffFitsFiles` (in process, the options of `gen2to3 fitsdiff`) against astropy `FITSDiff(a, b)` (timed
 * inside a Python subprocess with `time.perf_counter`), both reading the files, on: identical 4096²
 * float32 images, images differing in 0.1% of the pixels, that differing pair GZIP_2- and
 * RICE_1-compressed, and 1,000,000-row tables with seven numeric columns (0.1% of one column changed).
 * Best of {@link ROUNDS}, interleaved (the order of the two tools alternates from round to round).
 * Throughput is the uncompressed data of one side divided by the time.
 */
export const fitsdiffBenchmark: Benchmark = {
  name: 'fitsdiff',
  description:
    `diffFitsFiles (options of \`gen2to3 fitsdiff\`) vs. astropy \`FITSDiff(a, b)\` (timed in Python with perf_counter, file opening included) on 4096² float32 images ` +
    `(identical; 0.1% of pixels differing; that pair GZIP_2 lossless and RICE_1 (step 0.01, dither seed 1) tile-compressed) and 1,000,000-row tables (7 numeric columns, 0.1% of one column differing); ` +
    `best of ${ROUNDS}, interleaved; MB/s = uncompressed data bytes of one side (1 MB = 1e6 B) / time.`,
  async run(ctx) {
    const side = Math.max(64, Math.round(SIDE * Math.sqrt(ctx.scale)));
    const rows = Math.max(1000, Math.round(ROWS * ctx.scale));
    const python = interopPython(projectRoot());
    const generatedAt = performance.now();
    const generated = generateInputs(python, ctx.tmpDir, side, rows);
    ctx.log(`generated the inputs with astropy in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s`);

    const file = (name: string): string => path.join(ctx.tmpDir, name);
    const imageBytes = side * side * 4;
    const cases: Case[] = [
      { key: 'identical', label: `identical ${side}² float32`, a: file(FITSDIFF_INPUTS.imageA), b: file(FITSDIFF_INPUTS.imageACopy), bytes: imageBytes, identical: true },
      { key: 'pixels', label: `0.1% of pixels differ`, a: file(FITSDIFF_INPUTS.imageA), b: file(FITSDIFF_INPUTS.imageB), bytes: imageBytes, identical: false },
      { key: 'gzip2', label: 'GZIP_2 pair', a: file(FITSDIFF_INPUTS.gzip2A), b: file(FITSDIFF_INPUTS.gzip2B), bytes: imageBytes, identical: false },
      { key: 'rice1', label: 'RICE_1 pair', a: file(FITSDIFF_INPUTS.rice1A), b: file(FITSDIFF_INPUTS.rice1B), bytes: imageBytes, identical: false },
      { key: 'table', label: `${rows.toLocaleString('en-US')}-row table`, a: file(FITSDIFF_INPUTS.tableA), b: file(FITSDIFF_INPUTS.tableB), bytes: rows * ROW_BYTES, identical: false },
    ];

    const { server, versions } = await AstropyFitsDiff.start(python);
    const measured = new Map<string, Measured>(cases.map((c) => [c.key, { ours: [], astropy: [], oursDiffering: 0, oursIdentical: false }]));
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (const c of cases) {
          const m = measured.get(c.key) as Measured;
          const ours = async (): Promise<void> => {
            const started = performance.now();
            const diff = await diffFitsFiles(c.a, c.b, CLI_OPTIONS);
            m.ours.push(performance.now() - started);
            m.oursIdentical = diff.identical;
            m.oursDiffering = differingValues(diff);
          };
          const theirs = async (): Promise<void> => {
            const timing = await server.diff(c.a, c.b);
            m.astropy.push(timing.ms);
            m.astropyLast = timing;
          };
          if (round % 2 === 0) {
            await ours();
            await theirs();
          } else {
            await theirs();
            await ours();
          }
          if (m.oursIdentical !== m.astropyLast?.identical || m.oursIdentical !== c.identical) {
            throw new Error(
              `${c.label}: the tools disagree: gen2to3 says ${m.oursIdentical ? 'identical' : 'different'}, astropy ${m.astropyLast?.identical ? 'identical' : 'different'} (expected ${c.identical ? 'identical' : 'different'})`,
            );
          }
        }
        ctx.log(`round ${round + 1}/${ROUNDS}: ${cases.map((c) => `${c.key} ${Math.round(last(measured.get(c.key)?.ours))}/${Math.round(last(measured.get(c.key)?.astropy))} ms`).join(', ')}`);
      }
    } finally {
      await server.close();
    }

    const metrics: Record<string, number> = {};
    const peer: Record<string, number | string> = { version: versions.astropy, numpy: versions.numpy };
    const targets: BenchTarget[] = [];
    const notes: string[] = [];
    let countMismatches = 0;
    for (const c of cases) {
      const m = measured.get(c.key) as Measured;
      const ours = Math.min(...m.ours);
      const theirs = Math.min(...m.astropy);
      const astropyDiffering = m.astropyLast?.differing ?? -1;
      metrics[`${c.key}Ms`] = round1(ours);
      metrics[`${c.key}MBps`] = Math.round(c.bytes / 1e6 / (ours / 1000));
      metrics[`${c.key}Ratio`] = Math.round((theirs / ours) * 100) / 100;
      metrics[`${c.key}Differing`] = m.oursDiffering;
      peer[`${c.key}Ms`] = round1(theirs);
      peer[`${c.key}MBps`] = Math.round(c.bytes / 1e6 / (theirs / 1000));
      peer[`${c.key}Differing`] = astropyDiffering;
      if (astropyDiffering !== m.oursDiffering) countMismatches++;
      targets.push({ metric: `${c.key}Ratio`, op: '>=', value: MIN_RATIO });
      notes.push(
        `${c.label}: ${(c.bytes / 1e6).toFixed(1)} MB a side; gen2to3 ${m.ours.map(Math.round).join(', ')} ms; astropy ${m.astropy.map(Math.round).join(', ')} ms; ` +
          `${m.oursIdentical ? 'identical' : 'different'} for both; differing values ${m.oursDiffering} (gen2to3) vs ${astropyDiffering} (astropy)`,
      );
    }
    metrics.countMismatches = countMismatches;
    targets.push({ metric: 'identicalMBps', op: '>=', value: IDENTICAL_BYTES_PER_SECOND / 1e6 });
    targets.push({ metric: 'countMismatches', op: '<=', value: 0 });
    notes.push(
      `inputs written by astropy ${versions.astropy} (numpy ${versions.numpy}; BLAS ${versions.blas.join('; ')}): ${generated.changedPixels} changed pixels, ${generated.changedRows} changed table rows`,
      'gen2to3 times diffFitsFiles in this process (file reading, gzip/tile decompression and comparison); astropy times FITSDiff(a, b) on paths (its own memory-mapped reading included), without the interpreter start',
      'ratio = astropy time / gen2to3 time; targets: ratio >= 2 on every case, >= 1,000 MB/s on the identical uncompressed pair, and both tools counting the same differing values',
    );
    return { metrics, peers: { astropy: peer }, targets, notes };
  },
};

function differingValues(diff: FitsDiff): number {
  let total = 0;
  for (const hdu of diff.hdus) {
    const data = hdu.data;
    if (!data) continue;
    if (data.kind === 'image') total += data.differingPixels;
    else if (data.kind === 'table') total += data.differingValues;
  }
  return total;
}

function last(values: readonly number[] | undefined): number {
  return values?.[values.length - 1] ?? Number.NaN;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

