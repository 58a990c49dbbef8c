import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../ci_gen3/demo/generate-gen2-repo.js';
import { CONVERTERS } from '../../../converters/index.js';
import { ConflictingDatasetsError, ConversionTargetError, convertRepository, RerunOutsideRootError, UnrepairableValidityError, type ConvertRepositoryOptions } from '../../../src/convert/index.js';
import type { ConversionPlan } from '../../../src/convert/plan/index.js';
import { Registry } from '../../../src/gen3/registry/index.js';
import { openRepository } from '../../../src/gen3/repo/index.js';
import { describePostgres, freshDatabase } from '../../helpers/postgres.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { expectRepoMatchesPlan } from './expect-plan.js';
import { dumpDatastoreFiles, dumpRegistry } from './repo-dump.js';

const policyPath = [demoPolicyDir()];

async function demoRepo(visits = 4): Promise<DemoGen2Summary> {
  return generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'gen2'), visits, detectors: 4, width: 16, height: 16 });
}

function options(demo: DemoGen2Summary, gen3Repo: string, extra: Partial<ConvertRepositoryOptions> = {}): ConvertRepositoryOptions {
  return { gen2Root: demo.root, gen3Repo, converters: CONVERTERS, policyPath, reruns: ['rerun/demo'], batchSize: 7, ...extra };
}

describe('convertRepository on the demo repository (SQLite)', () => {
  let demo: DemoGen2Summary;
  let target: string;
  let plan: ConversionPlan;
  beforeAll(async () => {
    demo = await demoRepo();
    target = path.join(tmpDir(), 'gen3');
    const result = await convertRepository(options(demo, target));
    plan = result.plan;
    expect(result.created).toBe(true);
    expect(result.report?.datasets).toEqual({ planned: plan.datasets.length, inserted: plan.datasets.length, present: 0, notConverted: 0 });
  });

  it('writes exactly the plan: datasets with deterministic ids and linked files, collections, chains, certifications, exposures, visits', async () => {
    await expectRepoMatchesPlan(target, plan);
    const repo = await openRepository(target);
    try {
      const visits = await Registry.of(repo).queryDimensionRecords('visit', { instrument: 'DemoCam' });
      expect(visits.map((v) => v.id)).toEqual(demo.raws.map((r) => r.visit).filter((v, i, a) => a.indexOf(v) === i).sort((a, b) => a - b));
      expect(await repo.db.select('visit_definition')).toHaveLength(visits.length);
    } finally {
      await repo.close();
    }
    expect(existsSync(path.join(target, '.gen2to3-convert-in-progress'))).toBe(false);
  });

  it('changes nothing when run again', async () => {
    const before = await dumpRegistry(target);
    const files = dumpDatastoreFiles(target);
    const again = await convertRepository(options(demo, target));
    expect(again.created).toBe(false);
    expect(again.report?.datasets.inserted).toBe(0);
    expect(again.report?.datasets.present).toBe(plan.datasets.length);
    expect(again.report?.certifications).toEqual({ planned: plan.certifications.length, inserted: 0, present: plan.certifications.length });
    expect(again.report?.visits?.defined).toBe(0);
    expect(await dumpRegistry(target)).toEqual(before);
    expect(dumpDatastoreFiles(target)).toEqual(files);
  });

  it('converts only the new raw when one appears in the Gen2 repository', async () => {
    const before = await dumpRegistry(target);
    const first = demo.raws[0]!;
    const visit = 9999;
    const rel = `raw/2020-03-09/00${visit}/DEMO-G/raw-00${visit}-00.fits`;
    mkdirSync(path.dirname(path.join(demo.root, rel)), { recursive: true });
    copyFileSync(path.join(demo.root, first.path), path.join(demo.root, rel));
    const db = new Database(path.join(demo.root, 'registry.sqlite3'));
    db.prepare("insert into raw (visit, ccd, filter, dateObs, taiObs, expTime, field, pointing) values (?, 0, 'DEMO-G', '2020-03-09', '2020-03-09T03:00:00.000', 30.0, 'DEMOFIELD', 100)").run(visit);
    db.close();
    const result = await convertRepository(options(demo, target));
    expect(result.report?.datasets.inserted).toBe(1);
    expect(result.report?.converted.filter((c) => c.status === 'inserted').map((c) => [c.relPath, c.run, c.dataId])).toEqual([[rel, 'DemoCam/raw/all', { instrument: 'DemoCam', exposure: visit, detector: 0 }]]);
    const after = await dumpRegistry(target);
    for (const [table, rows] of Object.entries(before)) for (const row of rows) expect(after[table]).toContain(row);
    expect(after.dataset!.length - before.dataset!.length).toBe(1);
    expect(after.exposure!.length - before.exposure!.length).toBe(1);
    expect(after.visit!.length - before.visit!.length).toBe(1);
    await expectRepoMatchesPlan(target, result.plan);
  });
});

describe('convertRepository refuses bad input with typed errors, leaving the target as it was', () => {
  it('two Gen2 files for one dataset (a raw and its compressed copy)', async () => {
    const demo = await demoRepo(2);
    const raw = demo.raws[0]!.path;
    copyFileSync(path.join(demo.root, raw), path.join(demo.root, `${raw}.gz`));
    const target = path.join(tmpDir(), 'gen3');
    const err = await convertRepository(options(demo, target)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictingDatasetsError);
    expect((err as ConflictingDatasetsError).conflicts[0]?.paths).toEqual([path.join(demo.root, raw), path.join(demo.root, `${raw}.gz`)]);
    expect(existsSync(target)).toBe(false);
  });

  it('a validity overlap too large to repair, on an existing repository', async () => {
    const demo = await demoRepo(8);
    expect(demo.calibDates.length).toBeGreaterThan(1);
    const target = path.join(tmpDir(), 'gen3');
    await convertRepository(options(demo, target, { reruns: [] }));
    const before = await dumpRegistry(target);
    const db = new Database(path.join(demo.calibRoot, 'calibRegistry.sqlite3'));
    db.prepare("update bias set validEnd = '2020-12-31' where ccd = 0 and calibDate = ?").run(demo.calibDates[0]);
    db.close();
    const err = await convertRepository(options(demo, target, { reruns: [] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnrepairableValidityError);
    expect((err as UnrepairableValidityError).code).toBe('CONVERT_VALIDITY_OVERLAP');
    expect(await dumpRegistry(target)).toEqual(before);
  });

  it('an unwritable target and a rerun outside the root', async () => {
    const demo = await demoRepo(2);
    const blocker = path.join(tmpDir(), 'not-a-directory');
    writeFileSync(blocker, 'x');
    const err = await convertRepository(options(demo, path.join(blocker, 'gen3'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConversionTargetError);
    const g3 = path.join(tmpDir(), 'g3');
    const outside = await convertRepository(options(demo, g3, { reruns: ['/etc'] })).catch((e: unknown) => e);
    expect(outside).toBeInstanceOf(RerunOutsideRootError);
    expect((outside as RerunOutsideRootError).code).toBe('CONVERT_RERUN_OUTSIDE_ROOT');
    await expect(convertRepository(options(demo, g3, { reruns: ['rerun/../../x'] }))).rejects.toThrow(RerunOutsideRootError);
    expect(existsSync(g3)).toBe(false);
  });
});

describePostgres('convertRepository on the demo repository (PostgreSQL)', () => {
  const database = freshDatabase('convert_demo');
  it('writes exactly the plan into a PostgreSQL registry, and a re-run changes nothing', async () => {
    const demo = await demoRepo(4);
    const target = path.join(tmpDir(), 'gen3');
    const result = await convertRepository(options(demo, target, { db: database.url }));
    await expectRepoMatchesPlan(target, result.plan);
    const before = await dumpRegistry(target);
    const again = await convertRepository(options(demo, target));
    expect(again.report?.datasets.inserted).toBe(0);
    expect(await dumpRegistry(target)).toEqual(before);
  });
});
