/**
 * The neutral butlers answer some lookups from memory (outputs they put, the Gen3 find-first listing of
 * non-calibration inputs, datastore paths, Gen2 output paths). Each cached answer must be exactly what a
 * freshly opened butler (nothing cached) finds, and must never turn a miss into a hit.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../ci_gen3/demo/generate-gen2-repo.js';
import { PipelineDatasetNotFoundError } from '../../../ci_gen3/pipeline/errors.js';
import { Gen2NeutralButler } from '../../../ci_gen3/pipeline/gen2-neutral-butler.js';
import { Gen3NeutralButler } from '../../../ci_gen3/pipeline/gen3-neutral-butler.js';
import type { NeutralButler, NeutralDataId } from '../../../ci_gen3/pipeline/neutral-butler.js';
import { referenceTasks } from '../../../ci_gen3/pipeline/reference-pipeline.js';
import type { StepTaskContext } from '../../../ci_gen3/steps/run-side-steps.js';
import { Registry } from '../../../src/gen3/registry/registry.js';
import { openRepository } from '../../../src/gen3/repo/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { buildGen3DemoRepo } from '../../unit/ci_gen3/pipeline/helpers/gen3-demo-repo.js';

const INPUTS = ['DemoCam/raw/all', 'DemoCam/calib'];
/** A tiny postISRCCD. */
const FITS = { format: 'fits' as const, hdus: [{ kind: 'image' as const, shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }] };

function ctx(side: 'gen2' | 'gen3', step: string, dataId?: NeutralDataId): StepTaskContext {
  return { side, step, ...(dataId ? { dataId } : {}), runDir: '/nonexistent', vars: {}, logger: silentLogger };
}

/** Runs isr and detect for `ids` through `butler`. */
async function runIsrDetect(side: 'gen2' | 'gen3', butler: NeutralButler, ids: readonly NeutralDataId[]): Promise<void> {
  const tasks = referenceTasks(side, butler);
  for (const id of ids) await tasks.isr(ctx(side, 'isr', id));
  for (const id of ids) await tasks.detect(ctx(side, 'detect', id));
}

describe('neutral butler lookup caches', () => {
  let demo: DemoGen2Summary;
  let dir: string;
  let gen3Root: string;

  beforeAll(async () => {
    dir = tmpDir();
    demo = await generateDemoGen2Repo({ outDir: path.join(dir, 'gen2'), visits: 3, detectors: 2, width: 24, height: 24, visitsPerNight: 2, calibValidityDays: 2 });
    gen3Root = path.join(dir, 'gen3');
    await buildGen3DemoRepo(demo.root, gen3Root, { via: 'registry', visitDefinitions: false });
  }, 120_000);

  /** A Gen3 butler writing to `u/<name>/run` and a second one opened on the same run (to see what the registry holds), closed after `fn`. */
  async function withGen3Butlers(name: string, fn: (butler: Gen3NeutralButler, fresh: Gen3NeutralButler) => Promise<void>): Promise<void> {
    const opts = { repo: gen3Root, instrument: 'DemoCam', inputs: INPUTS, outputRun: `u/${name}/run`, outputChain: `u/${name}` };
    const butler = await Gen3NeutralButler.open(opts);
    const fresh = await Gen3NeutralButler.open(opts);
    try {
      await fn(butler, fresh);
    } finally {
      await butler.close();
      await fresh.close();
    }
  }

  describe('Gen3', () => {
    let cached: Gen3NeutralButler;
    beforeAll(async () => {
      cached = await Gen3NeutralButler.open({ repo: gen3Root, instrument: 'DemoCam', inputs: INPUTS, outputRun: 'u/cache/run', outputChain: 'u/cache' });
    });
    afterAll(async () => cached?.close());

    it('finds inputs and its own outputs where a fresh butler finds them, and misses what does not exist', async () => {
      const raws = await cached.unitDataIds('raw');
      expect(raws.length).toBe(6);
      const ids = raws.slice(0, 4);
      await runIsrDetect('gen3', cached, ids);
      const fresh = await Gen3NeutralButler.open({ repo: gen3Root, instrument: 'DemoCam', inputs: INPUTS, outputRun: 'u/cache/run', outputChain: 'u/cache' });
      try {
        for (const id of raws) {
          for (const t of ['raw', 'bias', 'flat']) expect(await cached.locate(t, id)).toBe(await fresh.locate(t, id));
        }
        const files = new Set<string>();
        for (const id of ids) {
          for (const t of ['postISRCCD', 'calexp', 'src']) {
            const file = await cached.locate(t, id);
            expect(file).toBe(await fresh.locate(t, id));
            files.add(file);
          }
        }
        expect(files.size).toBe(ids.length * 3);
        // Units not run: neither butler finds their outputs (the caches do not lend another data ID's file).
        for (const id of raws.slice(4)) {
          await expect(cached.locate('postISRCCD', id)).rejects.toBeInstanceOf(PipelineDatasetNotFoundError);
          expect(await cached.exists('calexp', id)).toBe(false);
          expect(await fresh.exists('calexp', id)).toBe(false);
        }
        // An exposure the input collections do not hold is not found through the input listing either.
        await expect(cached.locate('raw', { instrument: 'DemoCam', exposure: 999_999, detector: 0 })).rejects.toThrow();
        await expect(fresh.locate('raw', { instrument: 'DemoCam', exposure: 999_999, detector: 0 })).rejects.toThrow();
        expect(await cached.locate('isr_config', {})).toBe(await fresh.locate('isr_config', {}));
      } finally {
        await fresh.close();
      }
    });
  });

  describe('Gen3 unit of work', () => {
    it('records a unit\'s outputs in the registry when the unit ends, also when it fails after a put', async () => {
      await withGen3Butlers('batch', async (butler, fresh) => {
        const [a, b] = await butler.unitDataIds('raw');
        await butler.unitOfWork(async (unit) => {
          await unit.put('postISRCCD', a!, FITS);
          // Its own lookups see the output; the registry does not hold it until the unit ends.
          expect(await unit.exists('postISRCCD', a!)).toBe(true);
          expect(await butler.exists('postISRCCD', a!)).toBe(true);
          expect(await fresh.exists('postISRCCD', a!)).toBe(false);
        });
        expect(await fresh.locate('postISRCCD', a!)).toBe(await butler.locate('postISRCCD', a!));
        await expect(
          butler.unitOfWork(async (unit) => {
            await unit.put('postISRCCD', b!, FITS);
            throw new Error('the unit broke after its put');
          }),
        ).rejects.toThrow('the unit broke after its put');
        expect(await fresh.exists('postISRCCD', b!)).toBe(true);
      });
    });

    it('keeps the puts of concurrent units apart: a unit that ends records only its own outputs', async () => {
      await withGen3Butlers('concurrent', async (butler, fresh) => {
        const [a, b] = await butler.unitDataIds('raw');
        let release!: () => void;
        const bDone = new Promise<void>((resolve) => (release = resolve));
        const first = butler.unitOfWork(async (unit) => {
          await unit.put('postISRCCD', a!, FITS);
          await bDone; // the other unit starts, puts and ends while this one is open
          expect(await fresh.exists('postISRCCD', b!)).toBe(true);
          expect(await fresh.exists('postISRCCD', a!)).toBe(false);
        });
        await butler.unitOfWork(async (unit) => {
          await unit.put('postISRCCD', b!, FITS);
        });
        release();
        await first;
        expect(await fresh.exists('postISRCCD', a!)).toBe(true);
      });
    });
  });

  describe('Gen3 deferred commits', () => {
    it('leaves finished units\' outputs pending until flush, and flushes before listing a visit', async () => {
      await withGen3Butlers('defer', async (butler, fresh) => {
        butler.deferCommits();
        const ids = await butler.unitDataIds('visit-detector');
        const id = ids[0]!;
        const tasks = referenceTasks('gen3', butler);
        await tasks.isr(ctx('gen3', 'isr', { instrument: 'DemoCam', exposure: Number(id.visit), detector: Number(id.detector) }));
        await tasks.detect(ctx('gen3', 'detect', id));
        // Lookups through the butler see the outputs; the registry holds none of them yet.
        expect(await butler.exists('calexp', id)).toBe(true);
        expect(await fresh.exists('postISRCCD', id)).toBe(false);
        expect(await fresh.exists('calexp', id)).toBe(false);
        // queryVisit lists from the registry: it records the pending calexps first.
        expect(await butler.queryVisit('calexp', Number(id.visit))).toEqual([{ instrument: 'DemoCam', visit: Number(id.visit), detector: Number(id.detector) }]);
        expect(await fresh.exists('calexp', id)).toBe(true);
        expect(await fresh.exists('src', id)).toBe(true);
        await butler.flush();
        expect(await fresh.locate('postISRCCD', id)).toBe(await butler.locate('postISRCCD', id));
        // A unit re-run after a kill (its files rewritten, its datasets maybe already recorded) records the same datasets once.
        await tasks.detect(ctx('gen3', 'detect', id));
        await butler.flush();
        const repo = await openRepository(gen3Root);
        try {
          expect(await Registry.of(repo).queryDatasets('calexp', 'u/defer/run')).toHaveLength(1);
        } finally {
          await repo.close();
        }
      });
    });
  });

  describe('Gen2', () => {
    it('finds its own outputs where a fresh butler finds them, and not once the file is gone', async () => {
      const out = path.join(dir, 'rerun-cache');
      const cached = await Gen2NeutralButler.open({ root: demo.root, outputRerun: out, policyPath: [demoPolicyDir()] });
      const fresh = await Gen2NeutralButler.open({ root: demo.root, outputRerun: out, policyPath: [demoPolicyDir()] });
      try {
        const raws = await cached.unitDataIds('raw');
        expect(raws.length).toBe(6);
        const ids = raws.slice(0, 4);
        await runIsrDetect('gen2', cached, ids);
        const files = new Set<string>();
        for (const id of ids) {
          for (const t of ['postISRCCD', 'calexp', 'src']) {
            const file = await cached.locate(t, id);
            expect(file).toBe(await fresh.locate(t, id));
            expect(cached.outputPath(t, id)).toBe(file);
            files.add(file);
          }
        }
        expect(files.size).toBe(ids.length * 3);
        for (const id of raws.slice(4)) expect(await cached.exists('calexp', id)).toBe(false);
        const visit = Number(ids[0]!.visit);
        expect(await cached.queryVisit('calexp', visit)).toEqual(await fresh.queryVisit('calexp', visit));
        const gone = await cached.locate('calexp', ids[0]!);
        rmSync(gone);
        expect(await cached.exists('calexp', ids[0]!)).toBe(false);
        expect(await fresh.exists('calexp', ids[0]!)).toBe(false);
      } finally {
        await cached.close();
        await fresh.close();
      }
    });
  });
});
