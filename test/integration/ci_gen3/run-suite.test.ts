import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuite, type RunSuiteResult } from '../../../ci_gen3/run-suite.js';
import { SuiteInputError } from '../../../ci_gen3/stages/harness-errors.js';
import { SuiteError } from '../../../ci_gen3/suite/suite-error.js';
import { readResults } from '../../../src/results/read-results.js';
import type { Comparison, PairResult } from '../../../src/results/results-schema.js';
import { countComparison } from '../../../src/results/summarize-results.js';
import { describeFixtures, PROJECT_ROOT } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const SMALL_DEMO = '{ seed: 1, visits: 4, detectors: 2, width: 32, height: 32, visitsPerNight: 1, calibValidityDays: 2 }';
const STEPS = `steps:
  gen2:
    - { name: isr, task: isr, pre: true }
    - { name: detect, task: detect, pre: true }
    - { name: visitSummary, task: visitSummary }
  gen3:
    - { name: isr, task: isr }
    - { name: detect, task: detect }
    - { name: visitSummary, task: visitSummary }
`;

function suiteFile(dir: string, name: string, body: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, `formatVersion: 1\nname: ${name}\nmetadata: { instruments: [DemoCam], evidenceFor: [DM-DAX-8] }\ninputs:\n  demo: ${SMALL_DEMO}\nconversion: { converters: [demo] }\n${body}`);
  return file;
}

const CLEAN = `${STEPS}comparisons:
  - { id: raw, kind: conversion, datasetType: raw, comparator: bytes }
  - { id: flat, kind: conversion, datasetType: flat, comparator: bytes }
  - { id: postISRCCD, datasetType: postISRCCD, comparator: image }
  - { id: calexp, datasetType: calexp, comparator: image }
  - { id: src, datasetType: src, comparator: catalog, match: { by: id } }
  - { id: visitSummary, datasetType: visitSummary, comparator: catalog, match: { by: id } }
`;

const byId = (r: RunSuiteResult): Map<string, Comparison> => new Map(r.results.comparisons.map((c) => [c.id, c]));
const notIdentical = (c: Comparison | undefined): PairResult[] => (c?.pairs ?? []).filter((p) => p.outcome !== 'identical');
const stable = (r: RunSuiteResult) => r.results.comparisons.map(({ durationMs: _d, ...c }) => c);

async function runFault(name: string): Promise<RunSuiteResult> {
  return runSuite({ suitePath: path.join(PROJECT_ROOT, 'ci_gen3/suites/faults', `${name}.yaml`), outDir: tmpDir(), jobs: 2, projectRoot: PROJECT_ROOT });
}

describe('gen2to3 ci run: a clean demo run', () => {
  it('passes with zero unexplained differences, writes results.json + reports + one history line; an interrupted run gives the same comparisons', async () => {
    const dir = tmpDir();
    const suitePath = suiteFile(dir, 'clean', CLEAN);
    const history = path.join(dir, 'history.jsonl');
    const full = await runSuite({ suitePath, outDir: path.join(dir, 'full'), jobs: 2, historyFile: history });
    expect(full.problems).toEqual([]);
    expect(full.exitCode).toBe(0);
    const counts = full.results.comparisons.map((c) => [c.id, c.pairs.length, countComparison(c).identical]);
    expect(counts).toEqual([
      ['raw', 8, 8],
      ['flat', 8, 8],
      ['postISRCCD', 8, 8],
      ['calexp', 8, 8],
      ['src', 8, 8],
      ['visitSummary', 4, 4],
    ]);
    expect(full.results.stages.map((s) => [s.stage, s.status])).toEqual(['prepare', 'convert', 'conversion-parity', 'run-gen2', 'run-gen3', 'compare'].map((s) => [s, 'completed']));
    expect(full.results.steps.map((s) => [s.step, s.gen2?.quanta, s.gen3?.quanta])).toEqual([
      ['isr', 8, 8],
      ['detect', 8, 8],
      ['visitSummary', 4, 4],
    ]);
    const written = await readResults(path.join(dir, 'full', 'results.json'));
    expect(written.comparisons).toHaveLength(6);
    for (const f of ['results.md', 'results.html', 'results.xml']) expect(existsSync(path.join(dir, 'full', f)), f).toBe(true);
    expect(readFileSync(history, 'utf8').trim().split('\n')).toHaveLength(1);

    // By default run-gen2 runs beside convert (it needs only prepare); --serial runs one stage after
    // another, with the same comparisons.
    const window = (r: RunSuiteResult, stage: string): [number, number] => {
      const s = r.results.stages.find((x) => x.stage === stage)!;
      return [Date.parse(s.startedAt!), Date.parse(s.startedAt!) + s.durationMs];
    };
    expect(window(full, 'run-gen2')[0]).toBeLessThan(window(full, 'convert')[1]);
    const serial = await runSuite({ suitePath, outDir: path.join(dir, 'serial'), jobs: 2, serial: true });
    expect(stable(serial)).toEqual(stable(full));
    expect(window(serial, 'run-gen2')[0]).toBeGreaterThanOrEqual(window(serial, 'conversion-parity')[1]);
    expect(window(serial, 'run-gen3')[0]).toBeGreaterThanOrEqual(window(serial, 'run-gen2')[1]);
    // The report says when the step timings mix both sides (whether the small demo's run stages
    // overlapped depends on timing; --serial never overlaps them).
    const [g2, g3] = [window(full, 'run-gen2'), window(full, 'run-gen3')];
    const overlapped = g2[0] < g3[1] && g3[0] < g2[1];
    expect(readFileSync(path.join(dir, 'full', 'results.md'), 'utf8').includes('The run-gen2 and run-gen3 stages overlapped')).toBe(overlapped);
    expect(readFileSync(path.join(dir, 'serial', 'results.md'), 'utf8')).not.toContain('overlapped');

    // The same run in pieces (as after a crash): stage by stage, then the rest.
    const out = path.join(dir, 'pieces');
    await runSuite({ suitePath, outDir: out, stage: 'prepare' });
    await runSuite({ suitePath, outDir: out, stage: 'convert' });
    const rest = await runSuite({ suitePath, outDir: out, from: 'conversion-parity', jobs: 1 });
    expect(stable(rest)).toEqual(stable(full));
    expect(rest.results.stages.map((s) => [s.stage, s.status])).toEqual(full.results.stages.map((s) => [s.stage, s.status]));
    // Up to date: nothing re-runs and the results are the same.
    const again = await runSuite({ suitePath, outDir: out });
    expect(stable(again)).toEqual(stable(full));
  }, 180_000);
});

describe('gen2to3 ci run: fault-injection suites', () => {
  it('a config change on Gen3 is a config difference that explains the pixel differences downstream', async () => {
    const r = await runFault('config-change');
    const c = byId(r);
    expect(c.get('isr_config')!.pairs[0]!.outcome).toBe('different');
    expect(c.get('isr_config')!.configDiffs[0]!.differences).toContainEqual({ path: 'doFlat', change: 'changed', gen2: 'True', gen3: 'False' });
    const post = c.get('postISRCCD')!;
    expect(countComparison(post)).toMatchObject({ explained: 8, different: 0 });
    expect(post.pairs[0]!.explanation?.reason).toMatch(/config difference: isr_config: doFlat True != False/);
    expect(r.exitCode).toBe(1);
    expect(r.problems).toEqual(['isr_config: 1 different']);
  }, 120_000);

  it('a NaN moved on Gen2 is a pixel difference on calexp of that data ID only', async () => {
    const r = await runFault('nan-moved');
    const bad = notIdentical(byId(r).get('calexp'));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ outcome: 'different', gen2DataId: { visit: 1002, ccd: 0 }, gen3DataId: { instrument: 'DemoCam', visit: 1002, detector: 0 } });
    expect(bad[0]!.summaries).toContainEqual(expect.objectContaining({ kind: 'image', plane: 'IMAGE', nonFiniteMismatch: 1 }));
    for (const id of ['postISRCCD', 'src', 'visitSummary']) expect(notIdentical(byId(r).get(id)), id).toEqual([]);
  }, 120_000);

  it('a missing Gen3 output is only-gen2 on that data ID, and explained where the suite expects it', async () => {
    const r = await runFault('missing-output');
    const missing = notIdentical(byId(r).get('calexp'));
    expect(missing).toEqual([expect.objectContaining({ outcome: 'only-gen2', gen2DataId: expect.objectContaining({ visit: 1001, ccd: 1 }), gen3DataId: expect.objectContaining({ visit: 1001, detector: 1 }) })]);
    const expected = notIdentical(byId(r).get('calexp-expected'));
    expect(expected).toEqual([expect.objectContaining({ outcome: 'explained', explanation: { reason: expect.stringContaining('deliberately not written'), ticket: 'DM-99999' } })]);
    expect(r.problems).toEqual(['calexp: 1 only-gen2']);
  }, 120_000);

  it('a calibration validity boundary shifted by a day on Gen2 is a calibration-lookup difference for the raws at the boundary', async () => {
    const r = await runFault('calib-validity-shift');
    const flat = notIdentical(byId(r).get('conversion/flat'));
    expect(flat.map((p) => [p.outcome, p.gen3DataId])).toEqual([
      ['different', { exposure: 1002, instrument: 'DemoCam', detector: 0 }],
      ['different', { exposure: 1002, instrument: 'DemoCam', detector: 1 }],
    ]);
    expect(flat[0]!.summaries[0]).toMatchObject({ kind: 'text', lines: [expect.stringMatching(/calibration lookup .*flat-2020-03-01-DEMO-G-00\.fits/)] });
  }, 120_000);
});

describe('gen2to3 ci run: fault-injection suites of the pipeline and the conversion', () => {
  const differing = (p: PairResult): string[] => p.summaries.flatMap((s) => (s.kind === 'catalog' ? s.columnsOverTolerance.map((c) => c.column) : []));

  it('a different flat chosen on Gen3 for one exposure is a pixel difference on postISRCCD of that data ID only, propagating downstream on it', async () => {
    const r = await runFault('flat-choice');
    const bad = notIdentical(byId(r).get('postISRCCD'));
    expect(bad).toEqual([expect.objectContaining({ outcome: 'different', gen2DataId: expect.objectContaining({ visit: 1000, ccd: 1 }), gen3DataId: { instrument: 'DemoCam', visit: 1000, detector: 1 } })]);
    expect(bad[0]!.summaries).toContainEqual(expect.objectContaining({ kind: 'image', plane: 'IMAGE', nonFiniteMismatch: 0 }));
    for (const id of ['calexp', 'src']) expect(notIdentical(byId(r).get(id)).map((p) => [p.outcome, p.gen3DataId]), id).toEqual([['different', { instrument: 'DemoCam', visit: 1000, detector: 1 }]]);
    expect(notIdentical(byId(r).get('visitSummary')).map((p) => [p.outcome, p.gen3DataId])).toEqual([['different', { instrument: 'DemoCam', visit: 1000 }]]);
    // Not a config difference: nothing explains it.
    expect(byId(r).get('isr_config')!.pairs[0]!.outcome).toBe('explained');
    expect(r.exitCode).toBe(1);
    expect(r.problems).toEqual(['postISRCCD: 1 different', 'calexp: 1 different', 'src: 1 different', 'visitSummary: 1 different']);
  }, 120_000);

  it('a reversed gather order on Gen3 is a visit_flux_running difference on every visitSummary, explained on the visit the suite names', async () => {
    const r = await runFault('gather-order');
    const bad = notIdentical(byId(r).get('visitSummary'));
    expect(bad.map((p) => [p.outcome, p.gen3DataId, differing(p)])).toEqual([1000, 1001, 1002, 1003].map((visit) => ['different', { instrument: 'DemoCam', visit }, ['visit_flux_running']]));
    const expected = notIdentical(byId(r).get('visitSummary-expected'));
    expect(expected.map((p) => [p.gen2DataId?.visit, p.outcome])).toEqual([
      [1000, 'different'],
      [1001, 'explained'],
      [1002, 'different'],
      [1003, 'different'],
    ]);
    expect(expected[1]!.explanation).toEqual({ reason: expect.stringContaining('deliberately reversed'), ticket: 'DM-99998' });
    for (const id of ['postISRCCD', 'calexp', 'src']) expect(notIdentical(byId(r).get(id)), id).toEqual([]);
    expect(r.problems).toEqual(['visitSummary: 4 different', 'visitSummary-expected: 3 different']);
  }, 120_000);

  it('a filter mapped to the wrong band by the Gen3 conversion is a band difference on the visit summaries of that filter only', async () => {
    const r = await runFault('filter-band');
    const bad = notIdentical(byId(r).get('visitSummary'));
    expect(bad.map((p) => [p.outcome, p.gen2DataId, differing(p)])).toEqual([
      ['different', { visit: 1000, filter: 'DEMO-G' }, ['band']],
      ['different', { visit: 1002, filter: 'DEMO-G' }, ['band']],
    ]);
    // The conversion is self-consistent (both butlers read the same raws): only processing parity sees the band.
    expect(countComparison(byId(r).get('conversion/raw')!).identical).toBe(8);
    for (const id of ['postISRCCD', 'calexp', 'src']) expect(notIdentical(byId(r).get(id)), id).toEqual([]);
    expect(r.problems).toEqual(['visitSummary: 2 different']);
  }, 120_000);
});

describe('gen2to3 ci run: bad input', () => {
  it('a command not found, a step failing on one data ID and an unknown dataset type: clear errors, the rest completes, failures in the results', async () => {
    const dir = tmpDir();
    const body = `${STEPS.replace('    - { name: visitSummary, task: visitSummary }\n  gen3:', "    - { name: visitSummary, task: visitSummary }\n    - { name: probe, command: [test, '{dataId.visit}', '!=', '1001'] }\n    - { name: ghost, command: [gen2to3-no-such-command, '{dataId.visit}'] }\n  gen3:")}comparisons:
  - { id: calexp, datasetType: calexp, comparator: image }
  - { id: nope, datasetType: calexpX, comparator: image }
`;
    const r = await runSuite({ suitePath: suiteFile(dir, 'bad', body), outDir: path.join(dir, 'out'), jobs: 2 });
    expect(r.exitCode).toBe(1);
    const failures = r.results.failures.map((f) => [f.stage, f.side, f.step, f.unit, f.error]);
    expect(failures.filter((f) => f[2] === 'probe')).toEqual([
      ['run-gen2', 'gen2', 'probe', 'probe/ccd=0,visit=1001', expect.stringMatching(/exit/)],
      ['run-gen2', 'gen2', 'probe', 'probe/ccd=1,visit=1001', expect.stringMatching(/exit/)],
    ]);
    expect(failures.filter((f) => f[2] === 'ghost')).toHaveLength(8);
    expect(failures.find((f) => f[2] === 'ghost')![4]).toBe('command not found: gen2to3-no-such-command');
    // The rest of the run completed: the comparisons ran.
    expect(countComparison(byId(r).get('calexp')!).identical).toBe(8);
    expect(byId(r).get('nope')!.error).toMatch(/unknown dataset type calexpX/);
    expect(r.problems).toContain('nope: 1 failed (unknown dataset type calexpX: the DemoMapper policy defines no dataset type calexpX with a file template)');
  }, 120_000);

  it('a missing Gen2 root and a malformed suite are SuiteErrors naming the problem', async () => {
    const dir = tmpDir();
    const missing = path.join(dir, 'missing.yaml');
    writeFileSync(missing, `formatVersion: 1\nname: m\nmetadata: { instruments: [DemoCam] }\ninputs:\n  gen2: { root: ${path.join(dir, 'nowhere')} }\n`);
    await expect(runSuite({ suitePath: missing, outDir: path.join(dir, 'o1') })).rejects.toThrow(new RegExp(`inputs.gen2.root: Gen2 root directory not found: ${path.join(dir, 'nowhere')}`));
    const malformed = path.join(dir, 'malformed.yaml');
    writeFileSync(malformed, 'formatVersion: 1\nname: m\nmetadata: { instruments: [DemoCam] }\ninputs: { demo: {} }\ncomparisons:\n  - { datasetType: calexp, comparator: pixels }\n');
    const err = await runSuite({ suitePath: malformed, outDir: path.join(dir, 'o2') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuiteError);
    expect((err as SuiteError).issues.join('\n')).toMatch(/comparisons\[0\]\.comparator: expected a comparator/);
    expect(existsSync(path.join(dir, 'o2'))).toBe(false);
  });
});

describeFixtures('gen2to3 ci run: conversion parity on the real fixtures', () => {
  it('latiss-obs_test-conversion.yaml: LATISS raws and bias read back identically; obs_test stays Gen2-only, as the suite expects', async () => {
    const r = await runSuite({ suitePath: path.join(PROJECT_ROOT, 'ci_gen3/suites/latiss-obs_test-conversion.yaml'), outDir: tmpDir(), projectRoot: PROJECT_ROOT });
    expect(r.problems).toEqual([]);
    expect(r.exitCode).toBe(0);
    const outcomes = r.results.comparisons.map((c) => [c.id, c.pairs.map((p) => p.outcome)]);
    expect(outcomes).toEqual([
      ['conversion/LATISS/raw', ['identical']],
      ['conversion/LATISS/raw-header', ['identical']],
      ['conversion/LATISS/bias', ['identical']],
      ['conversion/obs_test/raw', ['explained', 'explained', 'explained']],
      ['conversion/obs_test/defects', ['explained']],
    ]);
    expect(byId(r).get('conversion/obs_test/raw')!.pairs[0]!.summaries[0]).toMatchObject({ kind: 'text', lines: [expect.stringContaining('no converter')] });
    expect(r.results.stages.map((s) => s.stage)).toEqual(['prepare', 'convert', 'conversion-parity']);
  }, 120_000);
});

describe('gen2to3 ci run: an input that is not a Gen2 repository', () => {
  it('is a SuiteInputError (exit 2) before anything runs', async () => {
    const dir = tmpDir();
    const notARepo = path.join(dir, 'empty');
    mkdirSync(notARepo);
    const suite = path.join(dir, 's.yaml');
    writeFileSync(suite, `formatVersion: 1\nname: s\nmetadata: { instruments: [DemoCam] }\ninputs:\n  gen2: { root: ${notARepo} }\n`);
    const err = await runSuite({ suitePath: suite, outDir: path.join(dir, 'out') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuiteInputError);
    expect((err as SuiteInputError).exitCode).toBe(2);
    expect((err as Error).message).toContain(`inputs.gen2[0]: ${notARepo} is not a usable Gen2 repository`);
    expect(existsSync(path.join(dir, 'out', 'stamps'))).toBe(false);
  });
});

describe('gen2to3 ci run: the shipped demo suite', () => {
  it('passes with zero unexplained differences and matches its blessed golden summaries', async () => {
    const out = tmpDir();
    const r = await runSuite({ suitePath: path.join(PROJECT_ROOT, 'ci_gen3/suites/demo.yaml'), outDir: out, jobs: 2, projectRoot: PROJECT_ROOT });
    expect(r.problems).toEqual([]);
    // transfer: auto — the Gen3 raws are hard links of the Gen2 files (same file system), not symlinks
    const raws = readdirSync(path.join(out, 'gen3'), { recursive: true, encoding: 'utf8' }).filter((f) => /^raw_.*\.fits$/.test(path.basename(f)));
    expect(raws).toHaveLength(24);
    for (const f of raws) {
      const st = lstatSync(path.join(out, 'gen3', f));
      expect(st.isFile() && st.nlink).toBe(2);
    }
    expect(r.results.comparisons.filter((c) => c.golden).map((c) => [c.id, c.golden!.status])).toEqual([
      ['processing/DemoCam/postISRCCD', 'matched'],
      ['processing/DemoCam/calexp', 'matched'],
      ['processing/DemoCam/src', 'matched'],
    ]);
    expect(byId(r).get('processing/DemoCam/isr_config')!.pairs[0]).toMatchObject({ outcome: 'explained', summaries: [{ kind: 'text', lines: ['doWrite: only in Gen2'] }] });
    expect(r.results.comparisons.reduce((n, c) => n + c.pairs.length, 0)).toBe(151);
  }, 180_000);
});
