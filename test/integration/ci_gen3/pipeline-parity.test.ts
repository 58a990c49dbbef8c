import { realpathSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../ci_gen3/demo/generate-gen2-repo.js';
import { Gen2NeutralButler } from '../../../ci_gen3/pipeline/gen2-neutral-butler.js';
import { Gen3NeutralButler } from '../../../ci_gen3/pipeline/gen3-neutral-butler.js';
import type { NeutralButler, NeutralDataId } from '../../../ci_gen3/pipeline/neutral-butler.js';
import { referenceStepDataIds, referenceTasks } from '../../../ci_gen3/pipeline/reference-pipeline.js';
import { runUnits } from '../../../ci_gen3/stages/run-units.js';
import { UnitLog } from '../../../ci_gen3/stages/unit-log.js';
import { REFERENCE_TASKS, type ReferenceTaskName } from '../../../ci_gen3/suite/reference-tasks.js';
import type { SuiteStep } from '../../../ci_gen3/suite/suite-schema.js';
import { runSideSteps, type SideStepsReport, type Side } from '../../../ci_gen3/steps/run-side-steps.js';
import { demoConverter } from '../../../converters/demo/index.js';
import { makeTranslator } from '../../../src/convert/translate/index.js';
import { compareFiles } from '../../../src/diff/compare-files.js';
import { readFits } from '../../../src/fits/fits-file.js';
import { Registry } from '../../../src/gen3/registry/registry.js';
import { openRepository } from '../../../src/gen3/repo/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { buildGen3DemoRepo } from '../../unit/ci_gen3/pipeline/helpers/gen3-demo-repo.js';

const RUN = 'DemoCam/runs/pipeline/test';
const CHAIN = 'DemoCam/runs/pipeline';
const INPUTS = ['DemoCam/raw/all', 'DemoCam/calib'];

function steps(side: Side): SuiteStep[] {
  return REFERENCE_TASKS.map((task) => ({ name: task, task, pre: side === 'gen2' && task !== 'visitSummary', env: {} }));
}

async function runSide(side: Side, butler: NeutralButler, runDir: string, extra: Partial<Record<ReferenceTaskName, NeutralDataId[]>> = {}, jobs = 2): Promise<SideStepsReport> {
  const log = await UnitLog.open(path.join(runDir, 'units', `run-${side}.jsonl`), 'sha256:test');
  // Units come from the side's own registry (raws), so every step's list is known before the run.
  const base = await referenceStepDataIds(butler);
  const dataIds = (step: SuiteStep) => [...base(step), ...(step.task ? (extra[step.task] ?? []) : [])];
  return runSideSteps({
    side,
    steps: steps(side),
    vars: {},
    runDir,
    jobs,
    tasks: referenceTasks(side, butler),
    dataIds,
    runUnits: (units, o) => runUnits(log, units, o),
  });
}

describe('reference pipeline through both butlers on the demo repository', () => {
  let demo: DemoGen2Summary;
  let gen2: Gen2NeutralButler;
  let gen3: Gen3NeutralButler;
  let gen2Report: SideStepsReport;
  let gen3Report: SideStepsReport;
  let gen3Root: string;
  const declaration = demoConverter.instruments[0]!;

  beforeAll(async () => {
    const dir = tmpDir();
    demo = await generateDemoGen2Repo({ outDir: path.join(dir, 'gen2'), visits: 4, detectors: 3, width: 64, height: 64, visitsPerNight: 1, calibValidityDays: 2 });
    gen3Root = path.join(dir, 'gen3');
    await buildGen3DemoRepo(demo.root, gen3Root);
    gen2 = await Gen2NeutralButler.open({ root: demo.root, outputRerun: path.join(demo.root, 'rerun', 'pipeline'), policyPath: [demoPolicyDir()] });
    gen3 = await Gen3NeutralButler.open({ repo: gen3Root, instrument: 'DemoCam', inputs: INPUTS, outputRun: RUN, outputChain: CHAIN });
    gen2Report = await runSide('gen2', gen2, path.join(dir, 'run2'));
    gen3Report = await runSide('gen3', gen3, path.join(dir, 'run3'));
  }, 240_000);

  afterAll(async () => {
    await gen2?.close();
    await gen3?.close();
  });

  it('runs every unit of every step on both sides', () => {
    for (const report of [gen2Report, gen3Report]) {
      expect(report.steps.map((s) => [s.step, s.status])).toEqual(REFERENCE_TASKS.map((t) => [t, 'completed']));
      expect(report.ok).toBe(true);
    }
    const units = (r: SideStepsReport, step: string) => r.steps.find((s) => s.step === step)!.units.filter((u) => !u.pre).length;
    expect(units(gen2Report, 'isr')).toBe(demo.raws.length);
    expect(units(gen3Report, 'isr')).toBe(demo.raws.length);
    expect(units(gen2Report, 'visitSummary')).toBe(4);
    expect(units(gen3Report, 'visitSummary')).toBe(4);
  });

  it('lists unit data IDs from each side’s own registry, in its own keys', async () => {
    expect(await gen2.unitDataIds('raw')).toEqual(demo.raws.map((r) => ({ visit: r.visit, ccd: r.ccd })));
    expect(await gen3.unitDataIds('raw')).toEqual(demo.raws.map((r) => ({ instrument: 'DemoCam', exposure: r.visit, detector: r.ccd })));
    expect(await gen3.unitDataIds('visit-detector')).toEqual(demo.raws.map((r) => ({ instrument: 'DemoCam', visit: r.visit, detector: r.ccd })));
    expect(await gen2.unitDataIds('visit')).toEqual([1000, 1001, 1002, 1003].map((visit) => ({ visit })));
    expect(await gen3.unitDataIds('visit')).toEqual([1000, 1001, 1002, 1003].map((visit) => ({ instrument: 'DemoCam', visit })));
  });

  it('chooses the same bias and flat file for every exposure on both sides', async () => {
    const chosen = new Set<string>();
    for (const r of demo.raws) {
      for (const calib of ['bias', 'flat']) {
        const a = realpathSync(await gen2.locate(calib, { visit: r.visit, ccd: r.ccd }));
        const b = realpathSync(await gen3.locate(calib, { instrument: 'DemoCam', exposure: r.visit, detector: r.ccd }));
        expect(b, `${calib} of visit ${r.visit} ccd ${r.ccd}`).toBe(a);
        chosen.add(a);
      }
    }
    // Several calibration dates are really in use (the lookup is not trivially constant).
    expect(new Set([...chosen].map((f) => path.basename(path.dirname(f)))).size).toBeGreaterThan(1);
  });

  it('shifts calibration lookups the same way on both sides (fault injection: a different flat chosen)', async () => {
    let moved = 0;
    for (const r of demo.raws) {
      const a = await gen2.locate('flat', { visit: r.visit, ccd: r.ccd }, { calibrationShiftDays: 2 }).then(realpathSync, (e: Error) => e.constructor.name);
      const b = await gen3.locate('flat', { instrument: 'DemoCam', exposure: r.visit, detector: r.ccd }, { calibrationShiftDays: 2 }).then(realpathSync, (e: Error) => e.constructor.name);
      expect(b, `flat of visit ${r.visit} ccd ${r.ccd} two days later`).toBe(a);
      if (a !== realpathSync(await gen2.locate('flat', { visit: r.visit, ccd: r.ccd }))) moved++;
    }
    expect(moved).toBeGreaterThan(0);
    // Run on one side only, the shifted flat shows in the ISR output.
    const shifted = await Gen3NeutralButler.open({ repo: gen3Root, instrument: 'DemoCam', inputs: INPUTS, outputRun: `${RUN}-flat` });
    try {
      const id = { instrument: 'DemoCam', exposure: 1000, detector: 0 };
      await referenceTasks('gen3', shifted, { flatShiftDays: 2 }).isr({ side: 'gen3', step: 'isr', dataId: id, runDir: '/nonexistent', vars: {}, logger: silentLogger });
      const file = await shifted.locate('postISRCCD', { ...id, visit: 1000 });
      expect((await readFits(file)).hdus[0]!.header.getString('ISRFLAT')).toBe('2020-03-03');
      expect((await compareFiles(await gen2.locate('postISRCCD', { visit: 1000, ccd: 0 }), file, { storageClass: 'ExposureF' })).identical).toBe(false);
    } finally {
      await shifted.close();
    }
  });

  it('looks up the flat of another filter the same way on both sides, for the units named (fault injection)', async () => {
    for (const r of demo.raws) {
      const other = r.filter === 'DEMO-G' ? 'DEMO-R' : 'DEMO-G';
      const a = realpathSync(await gen2.locate('flat', { visit: r.visit, ccd: r.ccd }, { physicalFilter: other }));
      const b = realpathSync(await gen3.locate('flat', { instrument: 'DemoCam', exposure: r.visit, detector: r.ccd }, { physicalFilter: other }));
      expect(b).toBe(a);
      expect(path.basename(a)).toContain(other);
    }
    const wrong = await Gen3NeutralButler.open({ repo: gen3Root, instrument: 'DemoCam', inputs: INPUTS, outputRun: `${RUN}-wrong-flat` });
    try {
      const tasks = referenceTasks('gen3', wrong, { flatFilter: 'DEMO-R', flatFaultDataIds: [{ exposure: 1000, detector: 1 }] });
      const identical: boolean[] = [];
      for (const detector of [0, 1]) {
        await tasks.isr({ side: 'gen3', step: 'isr', dataId: { instrument: 'DemoCam', exposure: 1000, detector }, runDir: '/nonexistent', vars: {}, logger: silentLogger });
        const a = await gen2.locate('postISRCCD', { visit: 1000, ccd: detector });
        const b = await wrong.locate('postISRCCD', { instrument: 'DemoCam', visit: 1000, detector });
        identical.push((await compareFiles(a, b, { storageClass: 'ExposureF' })).identical);
      }
      expect(identical).toEqual([true, false]);
    } finally {
      await wrong.close();
    }
  });

  it('writes Gen2 outputs at the mapper template paths of the rerun, whose repositoryCfg.yaml names the input root', () => {
    const rerun = path.join(demo.root, 'rerun', 'pipeline');
    const cfg = readFileSync(path.join(rerun, 'repositoryCfg.yaml'), 'utf8');
    expect(cfg).toContain(`- ${demo.root}`);
    expect(cfg).toContain('!!python/name:gen2to3.demo.DemoMapper');
    const r = demo.raws[0]!;
    const v = String(r.visit).padStart(6, '0');
    const c = String(r.ccd).padStart(2, '0');
    for (const rel of [`postISRCCD/${v}/${r.filter}/postISRCCD-${v}-${c}.fits`, `calexp/${v}/${r.filter}/calexp-${v}-${c}.fits`, `src/${v}/${r.filter}/src-${v}-${c}.fits`, `visitSummary/${v}/${r.filter}/visitSummary-${v}.fits`, 'config/demoIsr.py', 'config/demoDetect.py']) {
      expect(existsSync(path.join(rerun, rel)), rel).toBe(true);
    }
  });

  it('records Gen3 outputs in the RUN with file records, the dataset types as the converter declares, and the output chain', async () => {
    const repo = await openRepository(gen3Root);
    try {
      const registry = Registry.of(repo);
      expect(await registry.getCollectionChain(CHAIN)).toEqual([RUN, ...INPUTS]);
      const gen2Keys: Record<string, string[]> = { postISRCCD: ['visit', 'filter', 'ccd'], calexp: ['visit', 'filter', 'ccd'], src: ['visit', 'filter', 'ccd'], visitSummary: ['visit', 'filter'] };
      for (const [name, keys] of Object.entries(gen2Keys)) {
        const t = await registry.findDatasetType(name);
        expect(t?.dimensions, name).toEqual(repo.universe.sort(makeTranslator(declaration, name, keys).dimensions));
        const refs = await registry.queryDatasets(name, RUN);
        expect(refs.length, name).toBe(name === 'visitSummary' ? 4 : demo.raws.length);
      }
      expect((await registry.findDatasetType('calexp'))?.storageClass).toBe('ExposureF');
      expect((await registry.findDatasetType('src'))?.storageClass).toBe('SourceCatalog');
      expect((await registry.findDatasetType('isr_config'))?.dimensions).toEqual([]);
      const uri = await gen3.locate('calexp', { instrument: 'DemoCam', visit: 1000, detector: 0 });
      expect(uri.startsWith(path.join(gen3Root, RUN, 'calexp'))).toBe(true);
    } finally {
      await repo.close();
    }
  });

  async function pairs(datasetType: string, gen2Ids: NeutralDataId[]): Promise<[string, string, NeutralDataId][]> {
    const out: [string, string, NeutralDataId][] = [];
    for (const id of gen2Ids) {
      // Pair as the harness does: the Gen2 data ID completed from the registry, translated by the converter.
      const gen2Id = gen2.butler.completeDataId(datasetType, { ...id });
      const keys = Object.keys(gen2Id);
      const translated = makeTranslator(declaration, datasetType, keys).translate(gen2Id);
      if (!('dataId' in translated)) throw new Error(`cannot translate ${JSON.stringify(id)}`);
      const gen3Id = translated.dataId as NeutralDataId;
      out.push([await gen2.locate(datasetType, id), await gen3.locate(datasetType, gen3Id), id]);
    }
    return out;
  }

  it('produces byte-identical pixel data for postISRCCD and calexp, and the comparators find them identical', async () => {
    for (const type of ['postISRCCD', 'calexp']) {
      const list = await pairs(type, await gen2.unitDataIds('raw'));
      expect(list).toHaveLength(demo.raws.length);
      for (const [a, b, id] of list) {
        const [fa, fb] = await Promise.all([readFits(a), readFits(b)]);
        expect(fa.hdus).toHaveLength(4);
        for (let i = 1; i < 4; i++) expect(Buffer.compare(fa.hdus[i]!.rawData(), fb.hdus[i]!.rawData()), `${type} ${JSON.stringify(id)} HDU ${i}`).toBe(0);
        const diff = await compareFiles(a, b, { storageClass: 'ExposureF' });
        expect(diff.identical, `${type} ${JSON.stringify(id)}`).toBe(true);
        // The only header difference names the butler: RERUN (Gen2) vs RUN (Gen3).
        expect(fa.hdus[0]!.header.getString('RERUN')).toBe('pipeline');
        expect(fb.hdus[0]!.header.getString('RUN')).toBe(RUN);
        expect(fa.hdus[0]!.header.has('RUN')).toBe(false);
      }
    }
  });

  it('produces identical source catalogs and visit summaries', async () => {
    let sources = 0;
    for (const [a, b, id] of await pairs('src', await gen2.unitDataIds('raw'))) {
      const [fa, fb] = await Promise.all([readFits(a), readFits(b)]);
      expect(Buffer.compare(fa.hdus[1]!.rawData(), fb.hdus[1]!.rawData()), `src ${JSON.stringify(id)}`).toBe(0);
      expect((await compareFiles(a, b, { storageClass: 'SourceCatalog' })).identical).toBe(true);
      sources += fa.hdus[1]!.header.getNumber('NAXIS2') ?? 0;
    }
    expect(sources).toBeGreaterThan(demo.raws.length);
    for (const [a, b, id] of await pairs('visitSummary', await gen2.unitDataIds('visit'))) {
      const [fa, fb] = await Promise.all([readFits(a), readFits(b)]);
      expect(fa.hdus[1]!.header.getNumber('NAXIS2'), `visitSummary ${JSON.stringify(id)}`).toBe(3);
      expect(Buffer.compare(fa.hdus[1]!.rawData(), fb.hdus[1]!.rawData())).toBe(0);
      expect((await compareFiles(a, b, { storageClass: 'ExposureCatalog' })).identical).toBe(true);
    }
  });

  it('shows an injected input-order dependence of the gather step as a visit summary difference', async () => {
    // A second Gen3 run that reads the first run's calexps/srcs through its inputs (as a chained rerun would).
    const reruns: (readonly ['sorted' | 'reversed', Gen3NeutralButler])[] = [];
    for (const order of ['sorted', 'reversed'] as const) reruns.push([order, await Gen3NeutralButler.open({ repo: gen3Root, instrument: 'DemoCam', inputs: [RUN, ...INPUTS], outputRun: `${RUN}-${order}` })]);
    try {
      const gen2File = await gen2.locate('visitSummary', { visit: 1001 });
      const identical: Record<string, boolean> = {};
      for (const [order, butler] of reruns) {
        await referenceTasks('gen3', butler, { gatherOrder: order }).visitSummary({ side: 'gen3', step: 'visitSummary', dataId: { instrument: 'DemoCam', visit: 1001 }, runDir: '/nonexistent', vars: {}, logger: silentLogger });
        identical[order] = (await compareFiles(gen2File, await butler.locate('visitSummary', { instrument: 'DemoCam', visit: 1001 }), { storageClass: 'ExposureCatalog' })).identical;
      }
      expect(identical).toEqual({ sorted: true, reversed: false });
    } finally {
      for (const [, b] of reruns) await b.close();
    }
  });

  it('writes configs that differ only by the Gen2 driver field doWrite', async () => {
    for (const type of ['isr_config', 'detect_config']) {
      const diff = await compareFiles(await gen2.locate(type, {}), await gen3.locate(type, {}), { storageClass: 'Config' });
      expect(diff.identical).toBe(false);
      expect(JSON.stringify(diff)).toContain('doWrite');
      expect(JSON.stringify(diff)).not.toContain('saturation');
    }
  });

  it('fails only the unit whose data ID has no raw, with an error naming the task and the data ID', async () => {
    const dir = tmpDir();
    const rerun = await Gen2NeutralButler.open({ root: demo.root, outputRerun: path.join(dir, 'rerun-bad'), policyPath: [demoPolicyDir()] });
    try {
      const report = await runSide('gen2', rerun, path.join(dir, 'run'), { isr: [{ visit: 999999, ccd: 0 }] }, 1);
      const isr = report.steps.find((s) => s.step === 'isr')!;
      const failed = isr.units.filter((u) => u.status === 'failed');
      expect(failed.map((u) => u.key)).toEqual(['isr/ccd=0,visit=999999']);
      expect(failed[0]!.error).toMatch(/^isr \{ccd=0, visit=999999\}: raw \{ccd=0, visit=999999\}: /);
      expect(isr.units.filter((u) => u.status === 'completed')).toHaveLength(demo.raws.length + 1);
      expect(report.steps.find((s) => s.step === 'detect')!.status).toBe('completed');
    } finally {
      await rerun.close();
    }
  }, 120_000);
});
