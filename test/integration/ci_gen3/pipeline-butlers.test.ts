import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../ci_gen3/demo/generate-gen2-repo.js';
import { PipelineDatasetNotFoundError, PipelineError } from '../../../ci_gen3/pipeline/errors.js';
import { Gen2NeutralButler } from '../../../ci_gen3/pipeline/gen2-neutral-butler.js';
import { Gen3NeutralButler } from '../../../ci_gen3/pipeline/gen3-neutral-butler.js';
import { openReferenceButler } from '../../../ci_gen3/pipeline/open-reference-butler.js';
import { referenceTasks } from '../../../ci_gen3/pipeline/reference-pipeline.js';
import type { StepTaskContext } from '../../../ci_gen3/steps/run-side-steps.js';
import { Registry } from '../../../src/gen3/registry/registry.js';
import { openRepository } from '../../../src/gen3/repo/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { buildGen3DemoRepo } from '../../unit/ci_gen3/pipeline/helpers/gen3-demo-repo.js';

const INPUTS = ['DemoCam/raw/all', 'DemoCam/calib'];

function ctx(side: 'gen2' | 'gen3', dataId?: Record<string, string | number>): StepTaskContext {
  return { side, step: 'isr', ...(dataId ? { dataId } : {}), runDir: '/nonexistent', vars: {}, logger: silentLogger };
}

describe('the neutral butlers', () => {
  let demo: DemoGen2Summary;
  let dir: string;
  let gen3Root: string;

  beforeAll(async () => {
    dir = tmpDir();
    // Two visits per night, calibrations every other night valid ±1 day: the second night is at a validity end date.
    demo = await generateDemoGen2Repo({ outDir: path.join(dir, 'gen2'), visits: 4, detectors: 1, width: 32, height: 32, visitsPerNight: 2, calibValidityDays: 1 });
    gen3Root = path.join(dir, 'gen3');
    await buildGen3DemoRepo(demo.root, gen3Root, { via: 'registry', visitDefinitions: false });
  }, 120_000);

  describe('Gen3', () => {
    let gen3: Gen3NeutralButler;
    beforeAll(async () => {
      gen3 = await Gen3NeutralButler.open({ repo: gen3Root, instrument: 'DemoCam', inputs: INPUTS, outputRun: 'u/test/run1', outputChain: 'u/test' });
    });
    afterAll(async () => gen3?.close());

    it('relates exposures and visits by id when the repository has no visit_definition rows', async () => {
      expect(await gen3.unitDataIds('visit-detector')).toEqual(demo.raws.map((r) => ({ instrument: 'DemoCam', visit: r.visit, detector: 0 })));
      expect(await gen3.describe({ instrument: 'DemoCam', visit: 1001, detector: 0 })).toEqual({ visit: 1001, exposure: 1001, detector: 0, physicalFilter: 'DEMO-R', band: 'r' });
    });

    it('rewrites an output of a resumed unit in place, keeping one dataset with the same file', async () => {
      const tasks = referenceTasks('gen3', gen3);
      const id = { instrument: 'DemoCam', exposure: 1000, detector: 0 };
      await tasks.isr(ctx('gen3', id));
      const file = await gen3.locate('postISRCCD', id);
      const first = readFileSync(file);
      await tasks.isr(ctx('gen3', id));
      expect(readFileSync(await gen3.locate('postISRCCD', id)).equals(first)).toBe(true);
      const repo = await openRepository(gen3Root);
      try {
        const registry = Registry.of(repo);
        const refs = await registry.queryDatasets('postISRCCD', 'u/test/run1');
        expect(refs).toHaveLength(1);
        // the recorded size is the written file's
        expect((await registry.findFileRecords([refs[0]!.id])).get(refs[0]!.id)?.map((r) => r.file_size)).toEqual([first.length]);
      } finally {
        await repo.close();
      }
      expect(statSync(file).size).toBe(first.length);
    });

    it('refuses to write inputs and reports missing datasets with the data ID', async () => {
      await expect(gen3.put('raw', { instrument: 'DemoCam', exposure: 1000, detector: 0 }, { format: 'fits', hdus: [] })).rejects.toThrow(PipelineError);
      await expect(gen3.locate('calexp', { instrument: 'DemoCam', visit: 1003, detector: 0 })).rejects.toThrow(PipelineDatasetNotFoundError);
      await expect(gen3.locate('calexp', { instrument: 'DemoCam', visit: 1003, detector: 0 })).rejects.toThrow(/^calexp \{detector=0, instrument=DemoCam, visit=1003\}: not found in u\/test\/run1, DemoCam\/raw\/all, DemoCam\/calib/);
      expect(await gen3.exists('calexp', { instrument: 'DemoCam', visit: 1003, detector: 0 })).toBe(false);
    });

    it('refuses to run against a stored config that differs', async () => {
      await referenceTasks('gen3', gen3).isr(ctx('gen3'));
      const changed = referenceTasks('gen3', gen3, { isr: { saturation: 60000 } });
      await expect(changed.isr(ctx('gen3'))).rejects.toThrow(/^isr \(pre\): isr_config in u\/test\/run1 differs from this run's config/);
    });

    it('rejects an input collection that does not exist', async () => {
      await expect(Gen3NeutralButler.open({ repo: gen3Root, instrument: 'DemoCam', inputs: ['DemoCam/nope'], outputRun: 'u/x' })).rejects.toThrow(/input collection DemoCam\/nope does not exist/);
    });
  });

  describe('Gen2', () => {
    it('refuses an output rerun whose repositoryCfg.yaml names another parent', async () => {
      const out = path.join(dir, 'rerun-other');
      const b = await Gen2NeutralButler.open({ root: demo.root, outputRerun: out, policyPath: [demoPolicyDir()] });
      await b.close();
      writeFileSync(path.join(out, 'repositoryCfg.yaml'), readFileSync(path.join(out, 'repositoryCfg.yaml'), 'utf8').replace(demo.root, '/elsewhere'));
      await expect(Gen2NeutralButler.open({ root: demo.root, outputRerun: out, policyPath: [demoPolicyDir()] })).rejects.toThrow(/exists with another configuration/);
    });
  });

  describe('openReferenceButler', () => {
    it('opens each side from the harness variables and names a missing one', async () => {
      const gen2 = await openReferenceButler('gen2', { gen2Root: demo.root, rerun: 'from-vars' });
      const gen3 = await openReferenceButler('gen3', { gen3Repo: gen3Root, collection: 'u/vars', inputCollections: INPUTS.join(','), instrument: 'DemoCam' });
      try {
        expect(gen2.outputName).toBe(path.join(demo.root, 'rerun', 'from-vars'));
        expect(gen3.outputName).toBe('u/vars/run');
        expect(await gen2.unitDataIds('visit')).toHaveLength(4);
        expect(await gen3.unitDataIds('visit')).toHaveLength(4);
      } finally {
        await gen2.close();
        await gen3.close();
      }
      await expect(openReferenceButler('gen3', { gen3Repo: gen3Root, collection: 'u/vars', instrument: 'DemoCam' })).rejects.toThrow(/gen3 reference pipeline needs \{inputCollections\}/);
    });
  });

  describe('calibration lookups at a validity end date', () => {
    it('both sides find no calibration on the night after a range ends (Gen2: text BETWEEN dates; Gen3: converted timespan end exclusive)', async () => {
      const gen2 = await Gen2NeutralButler.open({ root: demo.root, outputRerun: path.join(dir, 'rerun-calib'), policyPath: [demoPolicyDir()] });
      const gen3 = await Gen3NeutralButler.open({ repo: gen3Root, instrument: 'DemoCam', inputs: INPUTS, outputRun: 'u/test/calib' });
      try {
        const onEndDate = demo.raws.filter((r) => r.dateObs === '2020-03-02');
        expect(onEndDate.length).toBeGreaterThan(0);
        for (const r of onEndDate) {
          await expect(gen2.locate('bias', { visit: r.visit, ccd: r.ccd })).rejects.toThrow(/no registry row matches/);
          await expect(gen3.locate('bias', { instrument: 'DemoCam', exposure: r.visit, detector: r.ccd })).rejects.toThrow(PipelineDatasetNotFoundError);
          const unit = referenceTasks('gen2', gen2).isr(ctx('gen2', { visit: r.visit, ccd: r.ccd }));
          await expect(unit).rejects.toThrow(new RegExp(`^isr \\{ccd=0, visit=${r.visit}\\}: bias \\{ccd=0, visit=${r.visit}\\}`));
        }
        const first = demo.raws.find((r) => r.dateObs === '2020-03-01')!;
        expect(path.basename(await gen2.locate('bias', { visit: first.visit, ccd: 0 }))).toBe(path.basename(await gen3.locate('bias', { instrument: 'DemoCam', exposure: first.visit, detector: 0 })));
      } finally {
        await gen2.close();
        await gen3.close();
      }
    });
  });
});
