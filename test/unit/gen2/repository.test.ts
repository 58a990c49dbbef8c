import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCalibRoot } from '../../../src/gen2/calib-root.js';
import { Gen2RepositoryError } from '../../../src/gen2/errors.js';
import { Gen2Repository } from '../../../src/gen2/repository.js';
import { parseRepositoryCfg } from '../../../src/gen2/repository-cfg.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { tmpDir, writeTree } from '../../helpers/tmp-dir.js';

describeFixtures('Gen2Repository on the real fixtures', () => {
  const mappers: [string, string, string][] = [
    ['obs_test/data/input', 'lsst.obs.test.testMapper.TestMapper', 'TestMapper'],
    ['testdata_jointcal/hsc', 'lsst.obs.hsc.HscMapper', 'HscMapper'],
    ['testdata_jointcal/decam', 'lsst.obs.decam.DecamMapper', 'DecamMapper'],
    ['testdata_jointcal/cfht', 'lsst.obs.cfht.MegacamMapper', 'MegacamMapper'],
    ['testdata_jointcal/twinkles1', 'lsst.obs.lsstSim.LsstSimMapper', 'LsstSimMapper'],
    ['legacy-ap_pipe_testdata', 'lsst.obs.decam.DecamMapper', 'DecamMapper'],
    ['obs_subaru/hsc/CALIB', 'lsst.obs.hsc.hscMapper.HscMapper', 'HscMapper'],
    ['testdata_decam/ingested', 'lsst.obs.decam.decamMapper.DecamMapper', 'DecamMapper'],
    ['testdata_cfht/DATA', 'lsst.obs.cfht.MegacamMapper', 'MegacamMapper'],
    ['obs_lsst_gen2/data/input/latiss', 'lsst.obs.lsst.latiss.LatissMapper', 'LatissMapper'],
    ['obs_lsst_gen2/data/input/comCam', 'lsst.obs.lsst.comCam.LsstComCamMapper', 'LsstComCamMapper'],
    ['obs_lsst_gen2/data/input/imsim', 'lsst.obs.lsst.imsim.ImsimMapper', 'ImsimMapper'],
    ['obs_lsst_gen2/data/input/phosim', 'lsst.obs.lsst.phosim.PhosimMapper', 'PhosimMapper'],
    ['obs_lsst_gen2/data/input/ts3', 'lsst.obs.lsst.ts3.Ts3Mapper', 'Ts3Mapper'],
    ['obs_lsst_gen2/data/input/ts8', 'lsst.obs.lsst.ts8.Ts8Mapper', 'Ts8Mapper'],
    ['obs_lsst_gen2/data/input/ucd', 'lsst.obs.lsst.ucd.UcdMapper', 'UcdMapper'],
    ['obs_lsst_gen2/tests/data/input', 'lsst.obs.lsst.lsstCamMapper.LsstCamMapper', 'LsstCamMapper'],
  ];

  it.each(mappers)('%s has mapper %s', async (dir, dotted, className) => {
    const repo = await Gen2Repository.open(fixture(dir));
    expect(repo.version).toBe('v1');
    expect(repo.mapper.dotted).toBe(dotted);
    expect(repo.mapper.className).toBe(className);
    expect(repo.mapper.file).toBe(path.join(repo.root, '_mapper'));
  });

  it('finds each raw registry and the obs_test calib registry beside it', async () => {
    const repo = await Gen2Repository.open(fixture('obs_test/data/input'));
    expect(repo.registry).toBe(path.join(repo.root, 'registry.sqlite3'));
    const calib = resolveCalibRoot(repo, { searchesCalibDir: false });
    expect(calib).toMatchObject({ root: repo.root, source: 'root', registry: path.join(repo.root, 'calibRegistry.sqlite3') });
  });

  it('opens an obs_lsst CALIB repo (v2) and re-roots its stale absolute parent to the enclosing root', async () => {
    for (const cam of ['latiss', 'imsim', 'ts8']) {
      const calibDir = fixture(`obs_lsst_gen2/data/input/${cam}/CALIB`);
      const repo = await Gen2Repository.open(calibDir);
      expect(repo.version).toBe('v2');
      expect(repo.parents).toHaveLength(1);
      expect(repo.parents[0]!.root).toBe(fixture(`obs_lsst_gen2/data/input/${cam}`));
      expect(repo.rerootedParents[0]!.recorded).toBe(`/Users/timj/work/lsstsw3/build/obs_lsst/data/input/${cam}`);
      expect(repo.missingParents).toEqual([]);
      expect(repo.registry).toBe(fixture(`obs_lsst_gen2/data/input/${cam}/registry.sqlite3`));
    }
  });

  it('resolves the LSST calib root as ROOT/CALIB', async () => {
    const repo = await Gen2Repository.open(fixture('obs_lsst_gen2/data/input/latiss'));
    const calib = resolveCalibRoot(repo, { searchesCalibDir: true });
    expect(calib.source).toBe('CALIB');
    expect(calib.root).toBe(fixture('obs_lsst_gen2/data/input/latiss/CALIB'));
    expect(calib.registry).toBe(fixture('obs_lsst_gen2/data/input/latiss/CALIB/calibRegistry.sqlite3'));
    expect(resolveCalibRoot(repo, { searchesCalibDir: false }).source).toBe('root');
  });

  it('reads the DECam output repo cfg: string parent, calibRoot in mapperArgs (stale)', async () => {
    const repo = await Gen2Repository.open(fixture('testdata_decam/calibingested/dummy'));
    expect(repo.version).toBe('v2');
    expect(repo.mapper).toMatchObject({ dotted: 'lsst.obs.decam.decamMapper.DecamMapper', className: 'DecamMapper' });
    expect(repo.parents.map((p) => p.root)).toEqual([fixture('testdata_decam/ingested')]);
    expect(repo.recordedCalibRoot?.recorded).toBe('/data/ap_verify_ci_hits2015/gen2-output/calibingested');
    const calib = resolveCalibRoot(repo, { searchesCalibDir: false });
    expect(calib.notFound).toEqual(['/data/ap_verify_ci_hits2015/gen2-output/calibingested']);
    expect(calib.source).toBe('root');
  });

  it('reports a nested v1 parent whose absolute root cannot be re-rooted', async () => {
    const repo = await Gen2Repository.open(fixture('ap_pipe_v19_0_0-tutorial-redo'));
    expect(repo.mapper.dotted).toBe('lsst.obs.decam.DecamMapper');
    expect(repo.parents).toEqual([]);
    expect(repo.missingParents).toEqual([
      { recorded: '/data0/ameisner/ap_pipe_v19_0_0-tutorial-redo/DATA', file: fixture('ap_pipe_v19_0_0-tutorial-redo/repositoryCfg.yaml'), reason: 'parent repository not found' },
    ]);
  });

  it('applies a repo policy override and inherits it through a string parent', async () => {
    const b = await Gen2Repository.open(fixture('obs_test/tests/policyTest/b'));
    expect(b.parents.map((p) => p.root)).toEqual([fixture('obs_test/tests/policyTest/a')]);
    expect(b.policyOverride).toEqual({ exposures: { raw: { template: 'raw/v%(visit)d_f%(filter)s.fits.gz' } } });
  });

  it('accepts a plain-string mapper and unknown keys (_isLegacyRepository)', async () => {
    const repo = await Gen2Repository.open(fixture('obs_test/data/calexpMetadataObjectsTest'));
    expect(repo.mapper.dotted).toBe('lsst.obs.test.MapperForTestCalexpMetadataObjects');
    expect(repo.cfg?.mapperArgs).toBeNull();
  });

  it('accepts _parent as a plain directory (daf_persistence)', async () => {
    const repo = await Gen2Repository.open(fixture('daf_persistence/tests/root'));
    expect(repo.parents.map((p) => p.root)).toEqual([fixture('daf_persistence/tests/root/_parent')]);
    expect(repo.mapper).toMatchObject({ dotted: 'pickleMapper.PickleMapper', className: 'PickleMapper' });
  });

  it('follows recreated _parent symlink chains (obs_test policyInRepo1/2, SYMLINKS.txt)', async () => {
    const tmp = tmpDir();
    cpSync(fixture('obs_test/data/policyInRepo1'), path.join(tmp, 'policyInRepo1'), { recursive: true });
    cpSync(fixture('obs_test/data/policyInRepo2'), path.join(tmp, 'policyInRepo2'), { recursive: true });
    for (const dir of ['policyInRepo1/a', 'policyInRepo2/a', 'policyInRepo2/b']) mkdirSync(path.join(tmp, dir), { recursive: true });
    symlinkSync('../b', path.join(tmp, 'policyInRepo1/a/_parent'));
    symlinkSync('../b', path.join(tmp, 'policyInRepo2/a/_parent'));
    symlinkSync('../c', path.join(tmp, 'policyInRepo2/b/_parent'));
    const one = await Gen2Repository.open(path.join(tmp, 'policyInRepo1/a'));
    expect(one.searchOrder().map((r) => path.relative(tmp, r.root))).toEqual(['policyInRepo1/a', 'policyInRepo1/b']);
    expect(one.mapper.file).toBe(path.join(tmp, 'policyInRepo1/b/_mapper'));
    const two = await Gen2Repository.open(path.join(tmp, 'policyInRepo2/a'));
    expect(two.searchOrder().map((r) => path.relative(tmp, r.root))).toEqual(['policyInRepo2/a', 'policyInRepo2/b', 'policyInRepo2/c']);
    expect(two.mapper.dotted).toBe('lsst.obs.test.testMapper.TestMapper');
  });
});

describe('Gen2Repository bad input', () => {
  const tmp = tmpDir();

  it('rejects a _parent loop, naming the chain', async () => {
    const root = path.join(tmp, 'loop');
    mkdirSync(path.join(root, 'a'), { recursive: true });
    mkdirSync(path.join(root, 'b'));
    writeFileSync(path.join(root, 'b/_mapper'), 'lsst.obs.test.TestMapper\n');
    symlinkSync('../b', path.join(root, 'a/_parent'));
    symlinkSync('../a', path.join(root, 'b/_parent'));
    await expect(Gen2Repository.open(path.join(root, 'a'))).rejects.toThrow(/parent loop: .*a -> .*b -> .*a/);
  });

  it('rejects a self-referencing _parent symlink', async () => {
    const root = writeTree(path.join(tmp, 'self'), { _mapper: 'lsst.obs.test.TestMapper\n', _parent: { symlink: '_parent' } });
    const err = await Gen2Repository.open(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Gen2RepositoryError);
    expect((err as Error).message).toContain(path.join(root, '_parent'));
    expect((err as Error).message).toContain('symlink loop');
  });

  it('rejects a directory that is not a repository', async () => {
    const root = writeTree(path.join(tmp, 'plain'), { 'README.txt': 'hi' });
    await expect(Gen2Repository.open(root)).rejects.toThrow(`${root}: not a Gen2 repository`);
  });

  it('rejects a missing directory', async () => {
    await expect(Gen2Repository.open(path.join(tmp, 'nope'))).rejects.toThrow(/nope: repository directory does not exist/);
  });

  it('rejects an unqualified mapper name', async () => {
    const root = writeTree(path.join(tmp, 'unq'), { _mapper: 'HscMapper\n' });
    await expect(Gen2Repository.open(root)).rejects.toThrow(`${path.join(root, '_mapper')}: unqualified or invalid mapper name "HscMapper"`);
  });

  it('rejects malformed repositoryCfg.yaml naming the file', async () => {
    const root = writeTree(path.join(tmp, 'badyaml'), { 'repositoryCfg.yaml': '!RepositoryCfg_v1\n_mapper: [unclosed\n' });
    const err = await Gen2Repository.open(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Gen2RepositoryError);
    expect((err as Error).message).toMatch(new RegExp(`^${path.join(root, 'repositoryCfg.yaml')}: malformed YAML`));
  });

  it('rejects a cfg missing a required key', async () => {
    const root = writeTree(path.join(tmp, 'nokey'), { 'repositoryCfg.yaml': '!RepositoryCfg_v1\n_mapper: lsst.obs.test.TestMapper\n_parents: []\n_root: null\n' });
    await expect(Gen2Repository.open(root)).rejects.toThrow('_mapperArgs: required key is missing');
  });

  it('rejects a repository without any mapper', async () => {
    const root = writeTree(path.join(tmp, 'nomapper'), { 'registry.sqlite3': '' });
    await expect(Gen2Repository.open(root)).rejects.toThrow('no mapper');
  });
});

describe('repositoryCfg.yaml python tags are inert', () => {
  it('records os.system apply tags without running anything', () => {
    const marker = path.join(tmpDir(), 'pwned');
    const text = [
      '!RepositoryCfg_v1',
      '_mapper: !!python/name:lsst.obs.test.TestMapper \'\'',
      `_mapperArgs: {x: !!python/object/apply:os.system ['touch ${marker}']}`,
      '_parents: []',
      '_policy: null',
      '_root: null',
    ].join('\n');
    const cfg = parseRepositoryCfg(text, 'cfg.yaml');
    expect(cfg.pythonTags).toContainEqual({ path: '_mapperArgs.x', tag: 'tag:yaml.org,2002:python/object/apply:os.system', unexpected: true });
    expect(cfg.mapperArgs).toEqual({ x: { $tag: 'tag:yaml.org,2002:python/object/apply:os.system', value: [`touch ${marker}`] } });
    expect(existsSync(marker)).toBe(false);
  });

  it('rejects an apply tag in place of the mapper', () => {
    expect(() =>
      parseRepositoryCfg("!RepositoryCfg_v1\n_mapper: !!python/object/apply:os.system ['id']\n_mapperArgs: null\n_parents: []\n_root: null\n", 'c.yaml'),
    ).toThrow('c.yaml: _mapper: unexpected tag tag:yaml.org,2002:python/object/apply:os.system');
  });

  it('resolves anchors and aliases (nested parent shares the mapper)', () => {
    const cfg = parseRepositoryCfg(
      "!RepositoryCfg_v1\n_mapper: &id001 !!python/name:lsst.obs.lsst.latiss.LatissMapper ''\n_mapperArgs: {}\n_parents:\n- !RepositoryCfg_v1\n  _mapper: *id001\n  _mapperArgs: {}\n  _parents: []\n  _policy: null\n  _root: /x/latiss\n  dirty: true\n_policy: null\n_root: null\ndirty: true\n",
      'c.yaml',
    );
    const parent = cfg.parents[0];
    expect(typeof parent === 'object' && parent.mapper).toBe('lsst.obs.lsst.latiss.LatissMapper');
    expect(typeof parent === 'object' && parent.root).toBe('/x/latiss');
  });
});
