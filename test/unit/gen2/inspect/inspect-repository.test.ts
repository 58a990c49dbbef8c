import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../../ci_gen3/demo/generate-gen2-repo.js';
import { PolicyError, UnknownMapperError } from '../../../../src/gen2/errors.js';
import { inspectGen2Repository, INSPECT_FORMAT_VERSION } from '../../../../src/gen2/inspect/inspect-repository.js';
import { renderInspectText } from '../../../../src/report/inspect-text.js';
import { describeFixtures, fixture, FIXTURES_ROOT } from '../../../helpers/fixtures.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('inspect on the demo repository', () => {
  let demo: DemoGen2Summary;
  beforeAll(async () => {
    demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'demo'), visits: 4, detectors: 2, width: 24, height: 24 });
    mkdirSync(path.join(demo.root, 'notes'));
    writeFileSync(path.join(demo.root, 'notes', 'observing-log.txt'), 'clear skies\n');
    writeFileSync(path.join(demo.root, 'raw', 'stray.fits'), '');
  });

  it('accounts for every file and counts datasets per type', async () => {
    const r = await inspectGen2Repository(demo.root, { policyPath: [demoPolicyDir()], instrumentOf: (m) => (m === 'DemoMapper' ? 'DemoCam' : undefined) });
    expect(r.formatVersion).toBe(INSPECT_FORMAT_VERSION);
    expect(r.mapper).toEqual({ dotted: 'gen2to3.demo.DemoMapper', className: 'DemoMapper', file: path.join(demo.root, '_mapper') });
    expect(r.instrument).toBe('DemoCam');
    expect(r.calibRoot).toEqual({ root: demo.calibRoot, source: 'CALIB', registry: path.join(demo.calibRoot, 'calibRegistry.sqlite3'), notFound: [] });
    expect(r.registries).toEqual([
      { path: path.join(demo.root, 'registry.sqlite3'), role: 'raw', tables: { raw: 8, raw_visit: 4 } },
      { path: path.join(demo.calibRoot, 'calibRegistry.sqlite3'), role: 'calib', tables: { bias: 2, bias_visit: 0, defects: 2, defects_visit: 0, flat: 4, flat_visit: 0 } },
    ]);
    expect(r.datasets).toEqual({ raw: 8, bias: 2, flat: 4, defects: 2 });
    expect(r.reruns).toEqual([{ path: 'rerun/demo', datasets: { demoIsr_config: 1 }, unrecognized: 0 }]);
    expect(r.unrecognized).toEqual([
      { dir: '.', entries: ['notes/'], count: 1 },
      { dir: 'raw', entries: ['stray.fits'], count: 1 },
    ]);
    expect(r.skipped).toEqual([{ path: 'rerun', reason: 'reruns (converted separately)', count: 2 }]);
    expect(r.totals).toEqual({ files: demo.files + 2, targets: 16, skipped: 2, ignored: 5, unrecognized: 2, broken: 0 });
    expect(r.totals.targets + r.totals.skipped + r.totals.ignored + r.totals.unrecognized + r.totals.broken).toBe(r.totals.files);
    expect(r.validity.map((v) => [v.datasetType, v.groups, v.gaps.length, v.overlaps.length])).toEqual([
      ['bias', 2, 0, 0],
      ['defects', 2, 0, 0],
      ['flat', 4, 0, 0],
    ]);
    const text = renderInspectText(r);
    expect(text).toContain('instrument:  DemoCam');
    expect(text).toContain(`Files: ${demo.files + 2} = 16 datasets + 2 skipped + 5 ignored + 2 unrecognized + 0 broken`);
    expect(text).toContain('./ (1 files): notes/');
  });

  it('inspecting the rerun reads the parent chain and the recorded calib root', async () => {
    const r = await inspectGen2Repository(demo.rerun, { policyPath: [demoPolicyDir()] });
    expect(r.version).toBe('v2');
    expect(r.parents).toEqual([{ root: demo.root, version: 'v1' }]);
    expect(r.calibRoot.source).toBe('mapperArgs');
    expect(r.datasets).toEqual({ demoIsr_config: 1, bias: 2, flat: 4, defects: 2 });
    expect(r.registries[0]!.path).toBe(path.join(demo.root, 'registry.sqlite3'));
  });

  it('rejects a repository whose policy is not on the search path, naming the policy file', async () => {
    await expect(inspectGen2Repository(demo.root, { policyPath: [tmpDir()] })).rejects.toThrow(PolicyError);
  });
});

describeFixtures('inspect on real repositories', () => {
  const policyPath = [FIXTURES_ROOT ?? ''];
  const instrumentOf = (m: string) => ({ LatissMapper: 'LATISS', HscMapper: 'HSC' })[m];

  it('LATISS: raw and calib registries, one raw, one bias, CALIB found', async () => {
    const r = await inspectGen2Repository(fixture('obs_lsst_gen2/data/input/latiss'), { policyPath, instrumentOf });
    expect(r.instrument).toBe('LATISS');
    expect(r.calibRoot.source).toBe('CALIB');
    expect(r.datasets).toEqual({ raw: 1, bias: 1 });
    expect(r.registries.map((g) => [g.role, g.tables.raw ?? g.tables.bias])).toEqual([
      ['raw', 1],
      ['calib', 1],
    ]);
    expect(r.totals.unrecognized).toBe(0);
    expect(r.ambiguous).toEqual([]);
  });

  it('HSC jointcal root: skyMap and packages found, backup file ignored, exports.yaml unrecognized', async () => {
    const r = await inspectGen2Repository(fixture('testdata_jointcal/hsc'), { policyPath, instrumentOf });
    expect(r.datasets).toEqual({ deepCoadd_skyMap: 1, packages: 1 });
    expect(r.ignored['backup file']).toBe(1);
    expect(r.unrecognized).toEqual([{ dir: '.', entries: ['exports.yaml'], count: 1 }]);
    expect(r.registries[0]!.tables.raw).toBe(30);
  });

  it('ci_hsc-like calib registry given with --calibs: validity gaps and overlaps are reported', async () => {
    const r = await inspectGen2Repository(fixture('testdata_jointcal/hsc'), { policyPath, calibRoot: fixture('testdata_ci_hsc/CALIB') });
    expect(r.calibRoot.source).toBe('option');
    // fringe has no rows; defects are valid until superseded, ending the day before the next calibDate, which
    // Gen2's TEXT comparison turns into real one-day gaps (obsTime '2013-01-30T10:00' > validEnd '2013-01-30').
    expect(r.validity.map((v) => [v.table, v.groups, v.gaps.length, v.overlaps.length])).toEqual([
      ['bias', 16, 0, 0],
      ['dark', 16, 0, 0],
      ['defects', 112, 728, 0],
      ['flat', 32, 0, 0],
      ['sky', 32, 0, 0],
    ]);
    const defects = r.validity.find((v) => v.table === 'defects')!;
    expect(defects.gaps.every((g) => g.days === 1)).toBe(true);
    expect(defects.gaps[0]).toMatchObject({ key: { filter: 'None', ccd: 0 }, prevEnd: '2013-01-30', nextStart: '2013-01-31' });
  });

  it('obs_test: calibrations live beside the raws', async () => {
    const r = await inspectGen2Repository(fixture('obs_test/data/input'), { policyPath });
    expect(r.instrument).toBeNull();
    expect(r.calibRoot.source).toBe('root');
    expect(r.datasets).toEqual({ raw: 3, defects: 1 });
  });

  it('an unknown mapper is a typed error naming the _mapper file', async () => {
    const err = await inspectGen2Repository(fixture('daf_persistence/tests/root'), { policyPath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownMapperError);
    expect((err as Error).message).toContain(fixture('daf_persistence/tests/root/_parent/_mapper'));
  });
});
