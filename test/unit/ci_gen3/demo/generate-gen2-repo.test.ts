import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../../ci_gen3/demo/generate-gen2-repo.js';
import { FileAccessError, UsageError } from '../../../../src/errors.js';
import { readFits } from '../../../../src/fits/fits-file.js';
import { Gen2Repository } from '../../../../src/gen2/repository.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

function treeDigest(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else out.set(path.relative(root, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  visit(root);
  return out;
}

describe('generateDemoGen2Repo', () => {
  const tmp = tmpDir();
  let demo: DemoGen2Summary;

  beforeAll(async () => {
    demo = await generateDemoGen2Repo({ outDir: path.join(tmp, 'a'), seed: 7, visits: 5, detectors: 3, width: 40, height: 24 });
  });

  it('writes a v1 root with _mapper, registry, raws, CALIB and a v2 rerun pointing at the root', async () => {
    expect(readFileSync(path.join(demo.root, '_mapper'), 'utf8')).toBe('gen2to3.demo.DemoMapper\n');
    expect(demo.raws).toHaveLength(15);
    expect(demo.calibrations).toEqual({ bias: 3 * 2, flat: 3 * 2 * 2, defects: 3 });
    const rerun = await Gen2Repository.open(demo.rerun);
    expect(rerun.version).toBe('v2');
    expect(rerun.parents.map((p) => p.root)).toEqual([demo.root]);
    expect(rerun.recordedCalibRoot?.resolved).toBe(demo.calibRoot);
    expect(existsSync(path.join(demo.rerun, 'config/demoIsr.py'))).toBe(true);
  });

  it('fills raw/raw_visit as Gen2 ingest did (one row per detector, visits deduplicated)', () => {
    const db = new Database(path.join(demo.root, 'registry.sqlite3'), { readonly: true });
    const schema = db.prepare("select sql from sqlite_master where name = 'raw'").pluck().get() as string;
    expect(schema).toMatch(/^create table raw \(id integer primary key autoincrement, .*unique\(visit, ccd\)\)$/i);
    expect(db.prepare('select count(*) from raw').pluck().get()).toBe(15);
    expect(db.prepare('select visit, filter, dateObs, taiObs from raw_visit order by visit').all()).toEqual([
      { visit: 1000, filter: 'DEMO-G', dateObs: '2020-03-01', taiObs: '2020-03-01T03:00:00.000' },
      { visit: 1001, filter: 'DEMO-R', dateObs: '2020-03-01', taiObs: '2020-03-01T03:12:00.000' },
      { visit: 1002, filter: 'DEMO-G', dateObs: '2020-03-02', taiObs: '2020-03-02T03:00:00.000' },
      { visit: 1003, filter: 'DEMO-R', dateObs: '2020-03-02', taiObs: '2020-03-02T03:12:00.000' },
      { visit: 1004, filter: 'DEMO-G', dateObs: '2020-03-03', taiObs: '2020-03-03T03:00:00.000' },
    ]);
    db.close();
  });

  it('computes calibration validity as ingestCalibs.py --validity 2 does', () => {
    const db = new Database(path.join(demo.calibRoot, 'calibRegistry.sqlite3'), { readonly: true });
    expect(db.prepare('select filter, calibDate, validStart, validEnd from bias where ccd = 0 order by calibDate').all()).toEqual([
      { filter: 'NONE', calibDate: '2020-03-01', validStart: '2020-02-28', validEnd: '2020-03-03' },
      { filter: 'NONE', calibDate: '2020-03-03', validStart: '2020-03-03', validEnd: '2020-03-05' },
    ]);
    expect(db.prepare("select count(*) from flat where filter = 'DEMO-R'").pluck().get()).toBe(6);
    expect(db.prepare('select calibDate, validStart, validEnd from defects where ccd = 2').get()).toEqual({ calibDate: '2020-02-20', validStart: '2020-02-20', validEnd: '2037-12-31' });
    expect(db.prepare('select count(*) from bias_visit').pluck().get()).toBe(0);
    db.close();
  });

  it('writes raws as unsigned 16-bit images with realistic headers and pixels', async () => {
    const raw = demo.raws.find((r) => r.visit === 1003 && r.ccd === 2)!;
    const fits = await readFits(path.join(demo.root, raw.path));
    const hdu = fits.hdus[0]!;
    expect(hdu.header.get('BITPIX')).toBe(16);
    expect(hdu.header.get('BZERO')).toBe(32768);
    expect(hdu.header.get('FILTER')).toBe('DEMO-R');
    expect(hdu.header.get('DATE-OBS')).toBe('2020-03-02T03:12:00.000');
    expect(hdu.header.get('CCDNUM')).toBe(2);
    if (hdu.kind !== 'primary') throw new Error('expected a primary image');
    const pixels = hdu.image().physical();
    expect(pixels.length).toBe(40 * 24);
    const sorted = Float64Array.from(pixels).sort();
    const median = sorted[sorted.length >> 1]!;
    // bias ≈ 1000 + 25·ccd, sky 70 e-/s × 30 s / gain 1.5 ≈ 1400 ADU, vignetted by the flat
    expect(median).toBeGreaterThan(1050 + 1000);
    expect(median).toBeLessThan(1050 + 1500);
    expect(sorted[sorted.length - 1]).toBe(65535); // saturated defect column
  });

  it('writes defects as a binary table with afw column names', async () => {
    const fits = await readFits(path.join(demo.calibRoot, 'defects/2020-02-20/defects-2020-02-20-01.fits'));
    expect(fits.hdus).toHaveLength(2);
    const table = fits.hdus[1]!;
    expect(table.kind).toBe('bintable');
    expect([1, 2, 3, 4].map((i) => table.header.get(`TTYPE${i}`))).toEqual(['x0', 'y0', 'x_extent', 'y_extent']);
    expect(table.header.get('NAXIS2')).toBe(2);
    const data = table.rawData();
    expect([0, 4, 8, 12].map((o) => data.readInt32BE(o))).toEqual([20, 0, 1, 24]);
  });

  it('is deterministic: the same seed gives the same bytes, another seed other pixels', async () => {
    const again = await generateDemoGen2Repo({ outDir: path.join(tmp, 'b'), seed: 7, visits: 5, detectors: 3, width: 40, height: 24 });
    const a = treeDigest(demo.root);
    const b = treeDigest(again.root);
    // the rerun cfg records the absolute root, which differs between the two directories
    a.delete('rerun/demo/repositoryCfg.yaml');
    b.delete('rerun/demo/repositoryCfg.yaml');
    expect(b).toEqual(a);
    const other = await generateDemoGen2Repo({ outDir: path.join(tmp, 'c'), seed: 8, visits: 5, detectors: 3, width: 40, height: 24 });
    const c = treeDigest(other.root);
    expect(c.get(demo.raws[0]!.path)).not.toBe(a.get(demo.raws[0]!.path));
    expect(c.get('registry.sqlite3')).toBe(a.get('registry.sqlite3'));
  });

  it('refuses to overwrite an existing directory unless asked, leaving it untouched', async () => {
    const target = path.join(tmp, 'existing');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep.txt'), 'precious');
    await expect(generateDemoGen2Repo({ outDir: target })).rejects.toThrow(FileAccessError);
    expect(readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('precious');
    await generateDemoGen2Repo({ outDir: target, overwrite: true, visits: 1, detectors: 1, width: 16, height: 16 });
    expect(existsSync(path.join(target, 'keep.txt'))).toBe(false);
    expect(existsSync(path.join(target, '_mapper'))).toBe(true);
  });

  it('leaves nothing behind when it cannot write', async () => {
    if (process.getuid?.() === 0) {
      // root ignores directory permissions: make the parent a file instead
      const parentFile = path.join(tmp, 'not-a-dir');
      writeFileSync(parentFile, '');
      await expect(generateDemoGen2Repo({ outDir: path.join(parentFile, 'demo') })).rejects.toThrow(FileAccessError);
    } else {
      const locked = path.join(tmp, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      await expect(generateDemoGen2Repo({ outDir: path.join(locked, 'demo') })).rejects.toThrow(FileAccessError);
    }
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('validates its knobs', async () => {
    await expect(generateDemoGen2Repo({ outDir: path.join(tmp, 'x'), detectors: 9 })).rejects.toThrow(new UsageError('--detectors must be an integer in [1, 8], got 9'));
    await expect(generateDemoGen2Repo({ outDir: path.join(tmp, 'x'), startDate: '2020-13-45' })).rejects.toThrow(UsageError);
  });
});
