import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareOutputs } from '../../../../ci_gen3/compare/compare-outputs.js';
import { listGen2Outputs } from '../../../../ci_gen3/compare/gen2-outputs.js';
import { buildRunResults } from '../../../../ci_gen3/stages/run-results.js';
import { parseSuite, type Suite } from '../../../../ci_gen3/suite/load-suite.js';
import type { Comparison, PairResult } from '../../../../src/results/results-schema.js';
import { countComparison } from '../../../../src/results/summarize-results.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import { CONFIG, syntheticRun, type SyntheticOptions, type SyntheticRun, type Unit, type UnitContent } from './synthetic-outputs.js';

function suiteYaml(units: Unit[], extra = ''): string {
  const v2 = units[2]!.visit;
  return `formatVersion: 1
name: synthetic
metadata: { instruments: [DemoCam], evidenceFor: [DM-DAX-12] }
inputs: { demo: {} }
comparisons:
  - id: calexp
    datasetType: calexp
    comparator: image
    tolerances: { rtol: 1.0e-5, atol: 1.0e-8 }
  - id: calexp-header
    datasetType: calexp
    comparator: header
    expectedDifferences:
      - reason: Gen3 records the RUN collection in the header.
        fields: [RUN]
  - id: src
    datasetType: src
    comparator: catalog
    match: { by: id }
    expectedDifferences:
      - reason: Fluxes of the second visit differ until the seed fix.
        ticket: DM-29881
        dataIds: [{ visit: ${v2} }]
  - id: isr_config
    datasetType: isr_config
    gen2DatasetType: demoIsr_config
    comparator: config
    pairing: { rule: same-keys }
    expectedDifferences:
      - reason: Gen2 driver configs carry doWrite.
        fields: [doWrite]
  - id: calexp-keymap
    datasetType: calexp
    comparator: image
    pairing: { rule: key-map, keys: { ccd: detector } }
${extra}`;
}

async function runCompare(run: SyntheticRun, suite: Suite, bless = false): Promise<Map<string, Comparison>> {
  const gen2 = await listGen2Outputs({ root: run.gen2Rerun, datasetTypes: suite.comparisons.map((c) => c.gen2DatasetType ?? c.datasetType), policyPath: run.policyPath });
  const list = await compareOutputs({ comparisons: suite.comparisons, gen2, gen3: run.gen3, bless, jobs: 2 });
  // Everything must fit the results model.
  buildRunResults({ suite, startedAt: '2026-11-25T00:00:00Z', stages: [], steps: [], comparisons: list });
  return new Map(list.map((c) => [c.id, c]));
}

function pairOf(c: Comparison | undefined, u: Unit): PairResult {
  const p = c?.pairs.find((x) => x.gen2DataId?.visit === u.visit && x.gen2DataId.ccd === u.ccd);
  expect(p, `pair of visit ${u.visit} ccd ${u.ccd} in ${c?.id}`).toBeDefined();
  return p!;
}

describe('compare: synthetic outputs with injected differences', () => {
  let run: SyntheticRun;
  let byId: Map<string, Comparison>;
  let u: Unit[];

  beforeAll(async () => {
    const dir = tmpDir();
    const options: SyntheticOptions = {
      dir,
      gen2: (_unit, c) => ({ ...c, header: { ...c.header, RUN: 'rerun/demo' } }),
      gen3: (unit, c) => {
        const i = run0.findIndex((x) => x.visit === unit.visit && x.ccd === unit.ccd);
        const header: Record<string, string | number | boolean> = { ...c.header, RUN: 'u/demo/run' };
        const pixels = Float32Array.from(c.pixels);
        const flux = [...c.flux];
        if (i === 0) {
          pixels[3] = 123; // the NaN moved from pixel 3 …
          pixels[4] = Number.NaN; // … to pixel 4
          header.GAIN = 1.6;
        }
        if (i === 1) {
          pixels[10] = pixels[10]! + 1; // noise above the tolerance (values ~1e4, rtol 1e-5)
          flux[1] = flux[1]! + 5; // unexpected catalog difference
        }
        if (i === 2) {
          pixels[10] = pixels[10]! * (1 + 1e-7); // within rtol 1e-5
          flux[0] = flux[0]! * 1.1; // expected (DM-29881) difference
        }
        if (i === 3) return undefined; // missing output data ID
        return { ...c, pixels, header, flux };
      },
      gen3Config: CONFIG.replace('doWrite=True', 'doWrite=False'),
    };
    // Units are known only after generation: the demo generator is deterministic, so generate once to learn them.
    const probe = await syntheticRun({ dir: path.join(dir, 'probe') });
    const run0 = probe.units;
    run = await syntheticRun(options);
    u = run.units;
    expect(u).toEqual(run0);
    byId = await runCompare(run, await parseSuite(suiteYaml(u), 'synthetic.yaml', { checkPaths: false }));
  }, 60_000);

  it('pairs Gen2 data IDs with Gen3 data IDs through the demo converter translator (ccd → detector)', () => {
    const p = pairOf(byId.get('calexp'), u[2]!);
    expect(p.gen3DataId).toEqual({ instrument: 'DemoCam', detector: u[2]!.ccd, visit: u[2]!.visit });
    expect(p.gen2DataId).toEqual({ visit: u[2]!.visit, filter: u[2]!.filter, ccd: u[2]!.ccd });
  });

  it('key-map pairing renames keys (and adds the instrument): the same pairs as the translator', () => {
    const outcomes = (id: string) => byId.get(id)!.pairs.map((p) => [p.gen3DataId?.detector, p.gen3DataId?.visit, p.outcome]);
    expect(outcomes('calexp-keymap')).toEqual(outcomes('calexp'));
    expect(byId.get('calexp-keymap')!.pairs).toHaveLength(4);
  });

  it('a moved NaN is a difference on that data ID, counted as non-finite mismatches', () => {
    const p = pairOf(byId.get('calexp'), u[0]!);
    expect(p.outcome).toBe('different');
    expect(p.summaries[0]).toMatchObject({ kind: 'image', differing: 2, nonFiniteMismatch: 2, compared: 48 });
  });

  it('pixel noise above the tolerance is a difference; below it is within-tolerance', () => {
    const above = pairOf(byId.get('calexp'), u[1]!);
    expect(above.outcome).toBe('different');
    expect(above.summaries[0]).toMatchObject({ kind: 'image', differing: 1, nonFiniteMismatch: 0, rtol: 1e-5, atol: 1e-8 });
    expect((above.summaries[0] as { maxAbs: number }).maxAbs).toBeCloseTo(1, 2);
    const below = pairOf(byId.get('calexp'), u[2]!);
    expect(below.outcome).toBe('within-tolerance');
    expect((below.summaries[0] as { maxAbs: number }).maxAbs).toBeGreaterThan(0);
  });

  it('a missing output data ID is only-gen2 on every comparison of that dataset type, with its translated Gen3 data ID', () => {
    for (const id of ['calexp', 'calexp-header']) {
      const p = pairOf(byId.get(id), u[3]!);
      expect(p.outcome).toBe('only-gen2');
      expect(p.gen3DataId).toMatchObject({ instrument: 'DemoCam', detector: u[3]!.ccd, visit: u[3]!.visit });
    }
    // An expected difference without `fields` covers everything on its data IDs, a missing output included.
    expect(pairOf(byId.get('src'), u[3]!)).toMatchObject({ outcome: 'explained', explanation: { ticket: 'DM-29881' } });
    expect(countComparison(byId.get('calexp')!)).toMatchObject({ identical: 0, 'within-tolerance': 1, different: 2, 'only-gen2': 1, 'only-gen3': 0 });
  });

  it('a header change is reported by key; a key covered by an expected difference is explained', () => {
    const changed = pairOf(byId.get('calexp-header'), u[0]!);
    expect(changed.outcome).toBe('different');
    expect(changed.summaries).toContainEqual(expect.objectContaining({ kind: 'header', differingKeys: expect.arrayContaining([{ key: 'GAIN', gen2: '1.5', gen3: '1.6' }]) }));
    const onlyRun = pairOf(byId.get('calexp-header'), u[1]!);
    expect(onlyRun.outcome).toBe('explained');
    expect(onlyRun.explanation).toEqual({ reason: 'Gen3 records the RUN collection in the header.' });
  });

  it('catalogs: a difference outside the expected data IDs is different; inside it is explained with its ticket', () => {
    const unexpected = pairOf(byId.get('src'), u[1]!);
    expect(unexpected.outcome).toBe('different');
    expect(unexpected.summaries[0]).toMatchObject({ kind: 'catalog', matched: 3, matchBy: 'id', columnsOverTolerance: [{ column: 'base_PsfFlux_instFlux', rows: 1 }] });
    const expected = pairOf(byId.get('src'), u[2]!);
    expect(expected.outcome).toBe('explained');
    expect(expected.explanation).toEqual({ reason: 'Fluxes of the second visit differ until the seed fix.', ticket: 'DM-29881' });
    expect(pairOf(byId.get('src'), u[0]!).outcome).toBe('identical');
  });

  it('an expected config difference is explained and explains no output difference', () => {
    const config = byId.get('isr_config')!;
    expect(config.pairs).toHaveLength(1);
    expect(config.pairs[0]).toMatchObject({ outcome: 'explained', summaries: [{ kind: 'text', lines: ['doWrite: True != False'] }] });
    expect(config.configDiffs).toEqual([]);
    expect(byId.get('calexp')!.configDiffs).toEqual([]);
  });
});

describe('compare: a config difference explains the output differences', () => {
  it('marks image differences explained by the changed config field and records the config diff', async () => {
    const dir = tmpDir();
    const run = await syntheticRun({
      dir,
      gen3: (unit, c) => (unit.ccd === 1 ? { ...c, pixels: c.pixels.map((x) => x * 1.01) } : c),
      gen3Config: CONFIG.replace('doFlat=True', 'doFlat=False'),
    });
    const byId = await runCompare(run, await parseSuite(suiteYaml(run.units), 'synthetic.yaml', { checkPaths: false }));
    const config = byId.get('isr_config')!;
    expect(config.pairs[0]!.outcome).toBe('different');
    expect(config.configDiffs).toEqual([{ task: 'isr_config', gen2Dataset: 'demoIsr_config', gen3Dataset: 'isr_config', differences: [{ path: 'doFlat', change: 'changed', gen2: 'True', gen3: 'False' }] }]);
    const calexp = byId.get('calexp')!;
    const explained = calexp.pairs.filter((p) => p.outcome === 'explained');
    expect(explained.map((p) => p.gen2DataId?.ccd)).toEqual([1, 1]);
    expect(explained[0]!.explanation?.reason).toContain('isr_config: doFlat True != False');
    expect(calexp.pairs.filter((p) => p.outcome === 'identical')).toHaveLength(2);
    expect(calexp.configDiffs).toEqual(config.configDiffs);
  }, 60_000);

  it('explainedByConfigs: [] opts a comparison out', async () => {
    const dir = tmpDir();
    const run = await syntheticRun({ dir, gen3: (unit, c) => (unit.ccd === 1 ? { ...c, pixels: c.pixels.map((x) => x * 1.01) } : c), gen3Config: CONFIG.replace('doFlat=True', 'doFlat=False') });
    const yaml = suiteYaml(run.units).replace("    tolerances: { rtol: 1.0e-5, atol: 1.0e-8 }\n", '    tolerances: { rtol: 1.0e-5, atol: 1.0e-8 }\n    explainedByConfigs: []\n');
    const byId = await runCompare(run, await parseSuite(yaml, 'synthetic.yaml', { checkPaths: false }));
    expect(byId.get('calexp')!.pairs.filter((p) => p.outcome === 'different')).toHaveLength(2);
  }, 60_000);
});

describe('compare: bad comparisons and golden summaries', () => {
  it('an unknown dataset type fails that comparison only, with a clear error', async () => {
    const run = await syntheticRun({ dir: tmpDir() });
    const byId = await runCompare(run, await parseSuite(suiteYaml(run.units, '  - id: nope\n    datasetType: calexpX\n    comparator: image\n'), 's.yaml', { checkPaths: false }));
    const nope = byId.get('nope')!;
    expect(nope.error).toMatch(/unknown dataset type calexpX: the DemoMapper policy defines no dataset type calexpX/);
    expect(countComparison(nope).failed).toBe(1);
    expect(byId.get('calexp')!.pairs.every((p) => p.outcome === 'identical')).toBe(true);
  }, 60_000);

  it('--bless writes the golden summary; a later run matches it; a changed summary is a difference', async () => {
    const dir = tmpDir();
    const golden = path.join(dir, 'golden', 'calexp.json');
    const tweak = (scale: number) => (unit: Unit, c: UnitContent) => (unit.ccd === 0 ? { ...c, pixels: c.pixels.map((x, i) => (i === 7 ? x * scale : x)) } : c);
    const first = await syntheticRun({ dir: path.join(dir, 'a'), gen3: tweak(1 + 1e-7) });
    const yaml = (units: Unit[]) => suiteYaml(units).replace("    tolerances: { rtol: 1.0e-5, atol: 1.0e-8 }\n", `    tolerances: { rtol: 1.0e-5, atol: 1.0e-8 }\n    golden: ${golden}\n`);
    const suite = await parseSuite(yaml(first.units), 's.yaml', { checkPaths: false });
    const missing = (await runCompare(first, suite)).get('calexp')!;
    expect(missing.golden).toMatchObject({ status: 'missing' });
    expect((await runCompare(first, suite, true)).get('calexp')!.golden).toMatchObject({ status: 'blessed', file: golden });
    const again = (await runCompare(first, suite)).get('calexp')!;
    expect(again.golden).toEqual({ file: golden, status: 'matched', changes: [] });
    expect(countComparison(again).different).toBe(0);

    const drifted = await syntheticRun({ dir: path.join(dir, 'b'), gen3: tweak(1 + 3e-7) });
    const changed = (await runCompare(drifted, suite)).get('calexp')!;
    expect(changed.golden?.status).toBe('changed');
    expect(changed.golden?.changes.join('\n')).toMatch(/maxAbs/);
    const drift = changed.pairs.filter((p) => p.outcome === 'different');
    expect(drift.map((p) => p.gen2DataId?.ccd)).toEqual([0, 0]);
    expect(drift[0]!.summaries.at(-1)).toMatchObject({ kind: 'text', lines: expect.arrayContaining(['the summary differs from the blessed golden summary']) });
  }, 90_000);
});
