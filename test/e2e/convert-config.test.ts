import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { registryRows } from '../helpers/sqlite-rows.js';
import { tmpDir } from '../helpers/tmp-dir.js';

beforeAll(() => ensureBuilt());

describe('gen2to3 convert --config (built CLI): skymaps and rerun chains from the config file', () => {
  const tmp = tmpDir();
  const gen2 = path.join(tmp, 'gen2');
  const config = path.join(tmp, 'convert.yaml');

  beforeAll(() => {
    const gen = runCli(['generate-demo', gen2, '--visits', '2', '--detectors', '2', '--width', '16', '--height', '16']);
    expect(gen.status, gen.stderr).toBe(0);
    // a coadd rerun: a Gen2 skymap and deepCoadd patches named "x,y" (one outside the configured grid)
    const coadds = path.join(gen2, 'rerun', 'coadds');
    mkdirSync(path.join(coadds, 'deepCoadd'), { recursive: true });
    copyFileSync(path.join(gen2, 'rerun', 'demo', 'repositoryCfg.yaml'), path.join(coadds, 'repositoryCfg.yaml'));
    writeFileSync(path.join(coadds, 'deepCoadd', 'skyMap.yaml'), 'skymap: demo\n');
    for (const [filter, tract, patch] of [['DEMO-G', 1, '2,3'], ['DEMO-R', 0, '0,0'], ['DEMO-R', 0, '3,0']] as const) {
      mkdirSync(path.join(coadds, 'deepCoadd', filter, String(tract)), { recursive: true });
      writeFileSync(path.join(coadds, 'deepCoadd', filter, String(tract), `${patch}.fits`), `${filter} ${tract} ${patch}\n`);
    }
    writeFileSync(
      config,
      [
        'skyMaps:',
        '  demo: {tractMax: 2, patchNx: 3, patchNy: 4}',
        'reruns:',
        '  - {path: rerun/demo, chainName: DemoCam/runs/RC2/isr}',
        '  - {path: rerun/coadds, chainName: DemoCam/runs/RC2, parents: [DemoCam/runs/RC2/isr, DemoCam/defaults]}',
        '',
      ].join('\n'),
    );
  });

  it('converts the coadds with patch index y * nx + x and builds the configured chains; a re-run changes nothing', () => {
    const target = path.join(tmp, 'gen3');
    const r = runCli(['convert', gen2, target, '--config', config, '--reruns', 'rerun/demo', '--reruns', 'rerun/coadds', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { converted: { datasetType: string; dataId: Record<string, unknown>; run: string }[]; collections: { name: string; type: string; children?: string[] }[] };
    const coadds = report.converted.filter((c) => c.datasetType === 'deepCoadd').map((c) => [c.dataId.tract, c.dataId.patch, c.run]);
    expect(coadds.sort()).toEqual([
      [0, 0, 'DemoCam/runs/RC2/direct'],
      [1, 11, 'DemoCam/runs/RC2/direct'],
    ]);
    expect(report.collections.find((c) => c.name === 'DemoCam/runs/RC2')).toEqual({
      name: 'DemoCam/runs/RC2',
      type: 'CHAINED',
      children: ['DemoCam/runs/RC2/direct', 'skymaps', 'DemoCam/runs/RC2/isr/direct', 'DemoCam/defaults'],
    });
    expect(registryRows(target, 'select name, tract_max, patch_nx_max, patch_ny_max from skymap')).toEqual([{ name: 'demo', tract_max: 2, patch_nx_max: 3, patch_ny_max: 4 }]);
    expect(registryRows(target, "select name from collection where name like 'DemoCam/runs/%' order by name").map((c) => (c as { name: string }).name)).toEqual([
      'DemoCam/runs/RC2',
      'DemoCam/runs/RC2/direct',
      'DemoCam/runs/RC2/isr',
      'DemoCam/runs/RC2/isr/direct',
    ]);
    const chain = runCli(['butler', 'query-collections', target, 'DemoCam/runs/RC2', '--chains', 'FLATTEN', '--json']);
    expect(chain.status, chain.stderr).toBe(0);
    expect(chain.stdout).toContain('DemoCam/raw/all');

    const again = runCli(['convert', gen2, target, '--config', config, '--reruns', 'rerun/demo', '--reruns', 'rerun/coadds']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Datasets: 0 inserted/);
  }, 120_000);

  it('a config naming an unknown field or an impossible skymap is exit 2, names the file, and writes nothing', () => {
    for (const [text, message] of [
      ['skyMap:\n  demo: {tractMax: 2}\n', 'unknown field skyMap'],
      ['skyMaps:\n  demo: {tractMax: 0, patchNx: 3, patchNy: 4}\n', 'tractMax'],
      ['reruns:\n  - {path: rerun/coadds, chainName: C, parents: [nowhere]}\n', 'parent nowhere'],
    ] as const) {
      const bad = path.join(tmp, `bad-${message.replace(/\W/g, '')}.yaml`);
      writeFileSync(bad, text);
      const target = path.join(tmp, `never-${message.replace(/\W/g, '')}`);
      const r = runCli(['convert', gen2, target, '--config', bad, '--reruns', 'rerun/coadds']);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      if (!message.startsWith('parent')) expect(r.stderr).toContain(bad);
      // at most the empty directory the conversion lock was taken in
      expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
    }
  }, 120_000);
});
