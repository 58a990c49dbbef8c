import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../ci_gen3/demo/generate-gen2-repo.js';
import { CONVERTERS } from '../../../converters/index.js';
import { convertRepository, RerunConfigError, type ConvertRepositoryOptions, type ConvertRepositoryResult } from '../../../src/convert/index.js';
import { renderPlanText } from '../../../src/convert/plan/index.js';
import { RegistryConflictError } from '../../../src/gen3/errors.js';
import { Registry } from '../../../src/gen3/registry/index.js';
import { openRepository } from '../../../src/gen3/repo/index.js';
import { describeInterop, runPythonJson } from '../../helpers/python.js';
import { registryRows } from '../../helpers/sqlite-rows.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const SKYMAPS = { demo: { tractMax: 2, patchNx: 3, patchNy: 4 } };

/** Demo repository plus `rerun/coadds` holding a skymap pickle and deepCoadd patches ("x,y"), one outside the grid. */
async function coaddRepo(): Promise<DemoGen2Summary> {
  const demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'gen2'), visits: 2, detectors: 2, width: 16, height: 16 });
  const rerun = path.join(demo.root, 'rerun', 'coadds');
  mkdirSync(path.join(rerun, 'deepCoadd'), { recursive: true });
  copyFileSync(path.join(demo.rerun, 'repositoryCfg.yaml'), path.join(rerun, 'repositoryCfg.yaml'));
  writeFileSync(path.join(rerun, 'deepCoadd', 'skyMap.yaml'), 'skymap: demo\n');
  for (const [filter, tract, patch] of [['DEMO-G', 0, '1,2'], ['DEMO-G', 1, '2,3'], ['DEMO-R', 0, '0,0'], ['DEMO-R', 0, '3,0']] as const) {
    mkdirSync(path.join(rerun, 'deepCoadd', filter, String(tract)), { recursive: true });
    writeFileSync(path.join(rerun, 'deepCoadd', filter, String(tract), `${patch}.fits`), `${filter} ${tract} ${patch}\n`);
  }
  return demo;
}

function options(demo: DemoGen2Summary, gen3Repo: string, extra: Partial<ConvertRepositoryOptions> = {}): ConvertRepositoryOptions {
  return { gen2Root: demo.root, gen3Repo, converters: CONVERTERS, policyPath: [demoPolicyDir()], reruns: ['rerun/coadds'], ...extra };
}

describe('convert: skymaps from the config, reruns with explicit chains and parents (SQLite)', () => {
  let demo: DemoGen2Summary;
  let target: string;
  let result: ConvertRepositoryResult;
  beforeAll(async () => {
    demo = await coaddRepo();
    target = path.join(tmpDir(), 'gen3');
    result = await convertRepository(
      options(demo, target, {
        reruns: ['rerun/demo'],
        config: {
          skyMaps: SKYMAPS,
          reruns: [
            { path: 'rerun/demo', chainName: 'DemoCam/runs/RC2/isr' },
            { path: 'rerun/coadds', chainName: 'DemoCam/runs/RC2', parents: ['DemoCam/runs/RC2/isr', 'DemoCam/defaults'] },
          ],
        },
      }),
    );
  });

  it('converts deepCoadd patches with index = y * nx + x and skips a patch outside the grid', () => {
    const coadds = result.report!.converted.filter((c) => c.datasetType === 'deepCoadd');
    expect(coadds.map((c) => [c.relPath, c.dataId, c.run, c.status]).sort()).toEqual(
      [
        ['deepCoadd/DEMO-G/0/1,2.fits', { skymap: 'demo', tract: 0, patch: 7, band: 'g' }, 'DemoCam/runs/RC2/direct', 'inserted'],
        ['deepCoadd/DEMO-G/1/2,3.fits', { skymap: 'demo', tract: 1, patch: 11, band: 'g' }, 'DemoCam/runs/RC2/direct', 'inserted'],
        ['deepCoadd/DEMO-R/0/0,0.fits', { skymap: 'demo', tract: 0, patch: 0, band: 'r' }, 'DemoCam/runs/RC2/direct', 'inserted'],
      ].sort(),
    );
    const outside = result.plan.skipped.find((s) => s.path === 'rerun:rerun/coadds:deepCoadd/DEMO-R/0/3,0.fits');
    expect(outside?.reason).toContain('outside the 3×4 patch grid of tract 0 of skymap demo');
    const t = result.plan.totals;
    expect(t.convertedFiles + t.ignored + t.skipped + t.unrecognized).toBe(t.files);
  });

  it('registers skyMap in skymaps and the skymap/tract/patch records', () => {
    expect(result.report!.converted.filter((c) => c.datasetType === 'skyMap').map((c) => [c.relPath, c.dataId, c.run])).toEqual([['deepCoadd/skyMap.yaml', { skymap: 'demo' }, 'skymaps']]);
    expect(registryRows(target, 'select name, tract_max, patch_nx_max, patch_ny_max from skymap')).toEqual([{ name: 'demo', tract_max: 2, patch_nx_max: 3, patch_ny_max: 4 }]);
    expect(registryRows<{ n: number }>(target, 'select count(*) as n from tract')[0]!.n).toBe(2);
    expect(renderPlanText(result.plan)).toContain('skymap demo: 2 tract(s), 3×4 patches');
    expect(registryRows<{ n: number }>(target, 'select count(*) as n from patch')[0]!.n).toBe(24);
    expect(registryRows(target, "select cell_x, cell_y from patch where skymap = 'demo' and tract = 1 and id = 11")).toEqual([{ cell_x: 2, cell_y: 3 }]);
  });

  it('builds the rerun chains from the config: run first, skymaps, flattened rerun parent, then other parents', async () => {
    const repo = await openRepository(target);
    try {
      const registry = Registry.of(repo);
      expect(await registry.getCollectionChain('DemoCam/runs/RC2/isr')).toEqual(['DemoCam/runs/RC2/isr/direct']);
      expect(await registry.getCollectionChain('DemoCam/runs/RC2')).toEqual(['DemoCam/runs/RC2/direct', 'skymaps', 'DemoCam/runs/RC2/isr/direct', 'DemoCam/defaults']);
      expect(await registry.getCollectionChain('DemoCam/defaults')).toContain('skymaps');
      expect(await registry.findCollection('DemoCam/runs/coadds')).toBeFalsy();
    } finally {
      await repo.close();
    }
  });

  it('a second run changes nothing', async () => {
    const again = await convertRepository(options(demo, target, { reruns: ['rerun/demo'], config: { skyMaps: SKYMAPS, reruns: [{ path: 'rerun/demo', chainName: 'DemoCam/runs/RC2/isr' }, { path: 'rerun/coadds', chainName: 'DemoCam/runs/RC2', parents: ['DemoCam/runs/RC2/isr', 'DemoCam/defaults'] }] } }));
    expect(again.report!.datasets.inserted).toBe(0);
    expect(again.report!.dimensionRecords.patch).toEqual({ planned: 24, inserted: 0 });
  });

  it('the same skymap name with another geometry (hash) is a conflict, and nothing changes', async () => {
    const before = registryRows(target, 'select * from skymap');
    const err = await convertRepository(options(demo, target, { config: { skyMaps: { demo: { tractMax: 2, patchNx: 3, patchNy: 5 } } } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryConflictError);
    expect(registryRows(target, 'select * from skymap')).toEqual(before);
    expect(registryRows<{ n: number }>(target, 'select count(*) as n from patch')[0]!.n).toBe(24);
    expect(registryRows(target, "select name from collection where name = 'DemoCam/runs/coadds'")).toEqual([]);
  });
});

describe('convert: tract/patch data without skymap config, bad rerun parents', () => {
  it('skips tract/patch datasets and the Gen2 skymap with a reason naming the dataset type and the config needed', async () => {
    const demo = await coaddRepo();
    const target = path.join(tmpDir(), 'gen3');
    const result = await convertRepository(options(demo, target));
    expect(result.report!.converted.filter((c) => c.datasetType === 'deepCoadd' || c.datasetType === 'skyMap')).toEqual([]);
    const reasons = result.plan.skipped.filter((s) => s.source === 'rerun:rerun/coadds').map((s) => s.reason);
    expect(reasons.filter((r) => r.startsWith('no skymap configured for deepCoadd (tract/patch data): add skyMaps.<name>: {tractMax, patchNx, patchNy, coadds: [deep]}'))).toHaveLength(4);
    expect(reasons.some((r) => r.startsWith('Gen2 deepCoadd_skyMap found but no skyMaps entry'))).toBe(true);
    expect(registryRows<{ n: number }>(target, 'select count(*) as n from skymap')[0]!.n).toBe(0);
  });

  it('an unknown parent or a cycle is refused before anything is written', async () => {
    const demo = await coaddRepo();
    const target = path.join(tmpDir(), 'new', 'gen3');
    const unknown = await convertRepository(options(demo, target, { config: { reruns: [{ path: 'rerun/coadds', chainName: 'C', parents: ['DemoCam/runs/nowhere'] }] } })).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(RerunConfigError);
    expect((unknown as Error).message).toContain('parent DemoCam/runs/nowhere');
    // not even the directories the call made are left
    expect(existsSync(path.dirname(target))).toBe(false);
    const cycle = await convertRepository(options(demo, target, { reruns: [], config: { reruns: [{ path: 'rerun/coadds', chainName: 'A', parents: ['B'] }, { path: 'rerun/demo', chainName: 'B', parents: ['A'] }] } })).catch((e: unknown) => e);
    expect(cycle).toBeInstanceOf(RerunConfigError);
    expect((cycle as Error).message).toContain('cycle');
    // On an existing repository an existing collection is a valid parent; a missing one is refused with the repository unchanged.
    await convertRepository(options(demo, target, { reruns: [] }));
    const ok = await convertRepository(options(demo, target, { config: { reruns: [{ path: 'rerun/coadds', chainName: 'C', parents: ['DemoCam/raw/all'] }] }, reruns: [] }));
    expect(ok.report!.collections.find((c) => c.name === 'C')).toEqual({ name: 'C', type: 'CHAINED', children: ['C/direct', 'DemoCam/raw/all'] });
    const missing = await convertRepository(options(demo, target, { config: { reruns: [{ path: 'rerun/coadds', chainName: 'D', parents: ['elsewhere'] }] }, reruns: [] })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RerunConfigError);
    const repo = await openRepository(target);
    try {
      expect(await Registry.of(repo).findCollection('D')).toBeFalsy();
    } finally {
      await repo.close();
    }
  });
});

const READ_SKYMAP = `
import json, sys, base64
from lsst.daf.butler import Butler
butler = Butler(sys.argv[1])
reg = butler.registry
sm = [[r.name, r.hash.hex(), r.tract_max, r.patch_nx_max, r.patch_ny_max] for r in reg.queryDimensionRecords("skymap")]
patches = sorted([r.tract, r.id, r.cell_x, r.cell_y] for r in reg.queryDimensionRecords("patch", skymap="demo"))
refs = sorted([ref.datasetType.name, ref.run, ref.dataId.get("tract"), ref.dataId.get("patch"), butler.getURI(ref).exists()] for ref in reg.queryDatasets(..., collections="DemoCam/runs/RC2", findFirst=False) if ref.datasetType.name in ("deepCoadd", "skyMap"))
print(json.dumps({"skymap": sm, "patches": len(patches), "p11": [p for p in patches if p[0] == 1 and p[1] == 11], "refs": refs}))
`;

describeInterop('the real daf_butler reads converted skymaps, tracts, patches and coadds', () => {
  it('sees the skymap record (hash as configured), every patch and the deepCoadd / skyMap datasets through the rerun chain', async () => {
    const demo = await coaddRepo();
    const target = path.join(tmpDir(), 'gen3');
    const sha1 = '0123456789abcdef0123456789abcdef01234567';
    await convertRepository(options(demo, target, { config: { skyMaps: { demo: { ...SKYMAPS.demo, sha1 } }, reruns: [{ path: 'rerun/coadds', chainName: 'DemoCam/runs/RC2' }] } }));
    const seen = await runPythonJson<{ skymap: unknown[]; patches: number; p11: number[][]; refs: unknown[][] }>(READ_SKYMAP, [target]);
    expect(seen.skymap).toEqual([['demo', sha1, 2, 3, 4]]);
    expect(seen.patches).toBe(24);
    expect(seen.p11).toEqual([[1, 11, 2, 3]]);
    expect(seen.refs).toEqual([
      ['deepCoadd', 'DemoCam/runs/RC2/direct', 0, 0, true],
      ['deepCoadd', 'DemoCam/runs/RC2/direct', 0, 7, true],
      ['deepCoadd', 'DemoCam/runs/RC2/direct', 1, 11, true],
      ['skyMap', 'skymaps', null, null, true],
    ]);
  }, 120_000);
});
