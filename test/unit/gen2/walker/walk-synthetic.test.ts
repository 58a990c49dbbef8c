import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileAccessError } from '../../../../src/errors.js';
import { WalkRuleError } from '../../../../src/gen2/errors.js';
import { Gen2Template } from '../../../../src/gen2/templates/index.js';
import { DEFAULT_WALK_RULES, walkGen2Tree, type WalkResult, type WalkTargetSpec } from '../../../../src/gen2/walker/index.js';
import { createLogger, type LogRecord } from '../../../../src/log/logger.js';
import { tmpDir, writeTree } from '../../../helpers/tmp-dir.js';

const target = (datasetType: string, template: string): WalkTargetSpec => ({ datasetType, template: Gen2Template.parse(template) });

const TARGETS: WalkTargetSpec[] = [
  target('calexp', '%(pointing)05d/%(filter)s/corr/CORR-%(visit)07d-%(ccd)03d.fits'),
  target('src', '%(pointing)05d/%(filter)s/output/SRC-%(visit)07d-%(ccd)03d.fits'),
  target('raw', 'raw/%(date)s/%(filter)s/decam%(visit)07d.fits.fz[%(hdu)d]'),
  target('bias', 'bias/%(calibDate)s/bias-det%(detector)03d.fits[0]'),
  target('deepCoadd_skyMap', 'deepCoadd/skyMap.pickle'),
  target('anySchema', 'schema/%(name)s.fits'),
  target('src_schema', 'schema/src.fits'),
  target('configA', 'config/%(task)s.py'),
  target('configB', 'config/%(label)s.py'),
];

function entries(result: WalkResult) {
  return {
    targets: result.targets.map((t) => `${t.relPath} ${t.datasetType}`),
    skipped: result.skipped.map((s) => `${s.relPath} (${s.count}) ${s.reason}`),
    ignored: result.ignored.map((i) => `${i.relPath} ${i.rule}`),
    unrecognized: result.unrecognized.map((u) => `${u.dir}: ${u.entries.join(' ')} (${u.count})`),
    broken: result.broken.map((b) => `${b.relPath} ${b.problem}`),
  };
}

describe('walkGen2Tree on a synthetic repository', () => {
  const base = tmpDir();
  const root = path.join(base, 'repo');
  let result: WalkResult;
  const records: LogRecord[] = [];
  let ticks = 0;

  beforeAll(async () => {
    writeTree(base, {
      'external/raw-target.fits.fz': 'x',
      'external/pointing/HSC-G/corr/CORR-0000001-001.fits': '',
      'external/parent-repo/_mapper': 'x',
      'external/parent-repo/a.fits': '',
    });
    writeTree(root, {
      _mapper: 'lsst.obs.hsc.HscMapper\n',
      'registry.sqlite3': '',
      'README.txt': '',
      'notes.md': '',
      '01291/HSC-R/corr/CORR-0034648-051.fits': '',
      '01291/HSC-R/corr/CORR-0034648-052.fits.gz': '',
      '01291/HSC-R/corr/CORR-0034648-053.fits.fz': '',
      '01291/HSC-R/corr/CORR-0034648-054.fits.bz2': '',
      '01291/HSC-R/corr/CORR-0034648-055.fits~1': '',
      '01291/HSC-R/corr/up': { symlink: '..' },
      '01291/HSC-R/output/SRC-0034648-051.fits.gz': '',
      '01291/HSC-R/weird/a.fits': '',
      '01291/HSC-R/weird/deeper/b.fits': '',
      '01291/HSC-R/weird/deeper/c.fits': '',
      '01292': { symlink: '../external/pointing' },
      'raw/2015-02-24/g/decam0413635.fits.fz': '',
      'raw/2015-02-24/g/decam0413636.fits.fz': { symlink: '../../../../external/raw-target.fits.fz' },
      'raw/2015-02-24/g/decam0413637.fits.fz': { symlink: 'missing.fits.fz' },
      'raw/2015-02-24/g/self': { symlink: 'self' },
      'bias/2018-09-21/bias-det000.fits': '',
      'deepCoadd/skyMap.pickle': '',
      'deepCoadd/skyMap.pickle~2': '',
      'schema/src.fits': '',
      'schema/icSrc.fits': '',
      'config/processCcd.py': '',
      'CALIB/BIAS/2015-01-01/NONE/BIAS-2015-01-01-000.fits': '',
      'CALIB/calibRegistry.sqlite3': '',
      'CALIB/loop': { symlink: '..' },
      'rerun/private/u/01291/HSC-R/corr/CORR-0034648-051.fits': '',
      'ref_cats/ps1/197120.fits': '',
      'gen3/HSC/calib/unbounded/camera.fits': '',
      'gen3/butler.yaml': '',
      _parent: { symlink: '../external/parent-repo' },
      loop: { symlink: '.' },
    });
    mkdirSync(path.join(root, 'empty'));
    result = await walkGen2Tree(root, TARGETS, DEFAULT_WALK_RULES, {
      logger: createLogger((r) => records.push(r), 'debug'),
      progress: { start: () => ({ tick: (n = 1) => void (ticks += n), setTotal: () => undefined, done: () => undefined }) },
    });
  });

  it('classifies every entry', () => {
    expect(entries(result)).toEqual({
      targets: [
        '01291/HSC-R/corr/CORR-0034648-051.fits calexp',
        '01291/HSC-R/corr/CORR-0034648-052.fits.gz calexp',
        '01291/HSC-R/corr/CORR-0034648-053.fits.fz calexp',
        '01291/HSC-R/output/SRC-0034648-051.fits.gz src',
        '01292/HSC-G/corr/CORR-0000001-001.fits calexp',
        'bias/2018-09-21/bias-det000.fits bias',
        'config/processCcd.py configA',
        'deepCoadd/skyMap.pickle deepCoadd_skyMap',
        'raw/2015-02-24/g/decam0413635.fits.fz raw',
        'raw/2015-02-24/g/decam0413636.fits.fz raw',
        'schema/icSrc.fits anySchema',
        'schema/src.fits src_schema',
      ],
      skipped: [
        'CALIB (3) calibration repository (converted separately)',
        'ref_cats (1) reference catalogs (converted separately)',
        'rerun (1) reruns (converted separately)',
      ],
      ignored: [
        'README.txt documentation',
        '_mapper Gen2 repository metadata',
        '_parent Gen2 repository metadata',
        'registry.sqlite3 Gen2 registry',
        '01291/HSC-R/corr/CORR-0034648-055.fits~1 backup file',
        'deepCoadd/skyMap.pickle~2 backup file',
      ],
      unrecognized: ['.: empty/ gen3/ notes.md (3)', '01291/HSC-R: weird/ (3)', '01291/HSC-R/corr: CORR-0034648-054.fits.bz2 (1)'],
      broken: ['loop symlink-loop', '01291/HSC-R/corr/up symlink-loop', 'raw/2015-02-24/g/decam0413637.fits.fz dangling-symlink', 'raw/2015-02-24/g/self symlink-loop'],
    });
  });

  it('parses data IDs, HDUs and compression suffixes', () => {
    const byPath = new Map(result.targets.map((t) => [t.relPath, t]));
    expect(byPath.get('01291/HSC-R/corr/CORR-0034648-052.fits.gz')).toEqual({
      datasetType: 'calexp',
      dataId: { pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 52 },
      relPath: '01291/HSC-R/corr/CORR-0034648-052.fits.gz',
      hdu: undefined,
      compressedSuffix: '.gz',
    });
    expect(byPath.get('01291/HSC-R/corr/CORR-0034648-053.fits.fz')?.compressedSuffix).toBe('.fz');
    expect(byPath.get('01291/HSC-R/corr/CORR-0034648-051.fits')?.compressedSuffix).toBeUndefined();
    expect(byPath.get('raw/2015-02-24/g/decam0413636.fits.fz')).toEqual({
      datasetType: 'raw',
      dataId: { date: '2015-02-24', filter: 'g', visit: 413636 },
      relPath: 'raw/2015-02-24/g/decam0413636.fits.fz',
      hdu: { key: 'hdu' },
      compressedSuffix: undefined,
    });
    expect(byPath.get('bias/2018-09-21/bias-det000.fits')?.hdu).toEqual({ literal: 0 });
    expect(byPath.get('01292/HSC-G/corr/CORR-0000001-001.fits')?.dataId).toEqual({ pointing: 1292, filter: 'HSC-G', visit: 1, ccd: 1 });
  });

  it('picks the most specific template and records ambiguities', () => {
    expect(result.ambiguities).toEqual([
      { relPath: 'config/processCcd.py', chosen: 'configA', candidates: ['configA', 'configB'] },
      { relPath: 'schema/src.fits', chosen: 'src_schema', candidates: ['anySchema', 'src_schema'] },
    ]);
  });

  it('reports why links are broken', () => {
    const byPath = new Map(result.broken.map((b) => [b.relPath, b.detail]));
    expect(byPath.get('raw/2015-02-24/g/decam0413637.fits.fz')).toBe('target missing.fits.fz does not exist');
    expect(byPath.get('loop')).toMatch(/^points to ancestor /);
    expect(byPath.get('raw/2015-02-24/g/self')).toMatch(/too many levels of symbolic links/);
  });

  it('has totals that add up to every file under the root', () => {
    expect(result.totals).toEqual({
      files: 12 + 5 + 6 + 7 + 4,
      targets: 12,
      skipped: 5,
      ignored: 6,
      unrecognized: 7,
      broken: 4,
      ambiguous: 2,
      directories: expect.any(Number) as number,
    });
    expect(Object.fromEntries(result.countsByDatasetType)).toEqual({
      calexp: 4,
      src: 1,
      raw: 2,
      bias: 1,
      deepCoadd_skyMap: 1,
      configA: 1,
      anySchema: 1,
      src_schema: 1,
    });
  });

  it('logs one summary and one warning per problem kind, and reports progress', () => {
    expect(records.map((r) => `${r.level} ${r.event}`)).toEqual([
      'debug walk-started',
      'info walk-finished',
      'warn walk-unrecognized',
      'warn walk-ambiguous',
      'warn walk-broken',
    ]);
    expect(records[1]?.fields).toMatchObject({ files: 34, targets: 12 });
    expect(ticks).toBeGreaterThan(30);
  });
});

describe('walkGen2Tree pruning', () => {
  it('does not enter directories no template can match, but counts their files', async () => {
    const root = writeTree(tmpDir(), {
      'deepCoadd/HSC-R/0/5,4.fits': '',
      'deepCoadd/HSC-R/0/5,4/warp.fits': '',
      'deepCoadd/HSC-R/zero/5,4.fits': '',
      'deepCoadd/HSC-R/0/junk/a/b/c.txt': '',
      'other/x/y/z.fits': '',
      'other/w.fits': '',
    });
    const result = await walkGen2Tree(root, [target('deepCoadd', 'deepCoadd/%(filter)s/%(tract)d/%(patch)s.fits')], { skipDirs: [], ignore: [] });
    expect(entries(result).targets).toEqual(['deepCoadd/HSC-R/0/5,4.fits deepCoadd']);
    expect(result.unrecognized).toEqual([
      { dir: '.', entries: ['other/'], count: 2 },
      { dir: 'deepCoadd/HSC-R', entries: ['zero/'], count: 1 },
      { dir: 'deepCoadd/HSC-R/0', entries: ['5,4/', 'junk/'], count: 2 },
    ]);
    expect(result.totals.files).toBe(6);
    expect(result.totals.directories).toBe(12);
  });

  it('reports everything as unrecognized without targets', async () => {
    const root = writeTree(tmpDir(), { a: '', 'b/c': '', 'b/d/e': '' });
    const result = await walkGen2Tree(root, [], { skipDirs: [], ignore: [] });
    expect(result.unrecognized).toEqual([{ dir: '.', entries: ['a', 'b/'], count: 3 }]);
    expect(result.totals).toMatchObject({ files: 3, unrecognized: 3, targets: 0 });
  });

  it('skips nested directories by relative path and normalises the rule', async () => {
    const root = writeTree(tmpDir(), { 'a/b/c.fits': '', 'a/b/d.fits': '', 'a/e.fits': '', 'b/c.fits': '' });
    const result = await walkGen2Tree(root, [target('any', '%(x)s/%(y)s.fits')], { skipDirs: [{ dir: './a/b/', reason: 'nested' }], ignore: [] });
    expect(result.skipped).toEqual([{ relPath: 'a/b', reason: 'nested', count: 2 }]);
    expect(entries(result).targets).toEqual(['a/e.fits any', 'b/c.fits any']);
  });

  it('ignores directories without entering them', async () => {
    const root = writeTree(tmpDir(), { 'keep/a.fits': '', 'skipme/a.fits': '', 'skipme/b.fits': '' });
    const result = await walkGen2Tree(root, [target('any', '%(x)s/%(y)s.fits')], { skipDirs: [], ignore: [{ pattern: 'skip?e', rule: 'glob' }] });
    expect(result.ignored).toEqual([{ relPath: 'skipme', rule: 'glob', count: 1 }]);
    expect(result.totals).toMatchObject({ files: 2, targets: 1, ignored: 1 });
  });
});

describe('walkGen2Tree errors', () => {
  it('throws FileAccessError for a missing root or a file', async () => {
    const base = tmpDir();
    await expect(walkGen2Tree(path.join(base, 'nope'), [], DEFAULT_WALK_RULES)).rejects.toThrow(FileAccessError);
    writeFileSync(path.join(base, 'file'), '');
    await expect(walkGen2Tree(path.join(base, 'file'), [], DEFAULT_WALK_RULES)).rejects.toThrow(/not a directory/);
  });

  it.each(['/abs', '../up', 'a/../b', '.', ''])('rejects skip dir %j', async (dir) => {
    await expect(walkGen2Tree(tmpDir(), [], { skipDirs: [{ dir, reason: 'r' }], ignore: [] })).rejects.toThrow(WalkRuleError);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable directory as broken', async () => {
    const root = writeTree(tmpDir(), { 'a/x.fits': '', 'b.fits': '' });
    chmodSync(path.join(root, 'a'), 0o000);
    try {
      const result = await walkGen2Tree(root, [target('any', '%(x)s/%(y)s.fits')], { skipDirs: [], ignore: [] });
      expect(result.broken).toEqual([expect.objectContaining({ relPath: 'a', problem: 'unreadable' })]);
    } finally {
      chmodSync(path.join(root, 'a'), 0o755);
    }
  });
});
