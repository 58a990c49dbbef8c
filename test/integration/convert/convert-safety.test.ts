import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo } from '../../../ci_gen3/demo/generate-gen2-repo.js';
import { CONVERTERS } from '../../../converters/index.js';
import { acquireConversionLock, ConversionLockedError, convertRepository } from '../../../src/convert/index.js';
import { butlerYaml, createRepository, registryCommitted } from '../../../src/gen3/repo/index.js';
import { Gen2to3Error } from '../../../src/errors.js';
import { silentLogger } from '../../../src/log/logger.js';
import { describePostgres, freshDatabase } from '../../helpers/postgres.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

describe('convertRepository: exclusive lock and a repository creation killed half-way', () => {
  it('refuses while another conversion holds the lock, leaving the target untouched', async () => {
    const demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'gen2'), visits: 2, detectors: 2, width: 16, height: 16 });
    const target = path.join(tmpDir(), 'gen3');
    mkdirSync(target);
    const held = await acquireConversionLock(target, { logger: silentLogger });
    try {
      const err = await convertRepository({ gen2Root: demo.root, gen3Repo: target, converters: CONVERTERS, policyPath: [demoPolicyDir()] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConversionLockedError);
      expect(readdirSync(target)).toEqual(['.gen2to3-convert.lock']);
    } finally {
      await held.release();
    }
    const ok = await convertRepository({ gen2Root: demo.root, gen3Repo: target, converters: CONVERTERS, policyPath: [demoPolicyDir()] });
    expect(ok.created).toBe(true);
    expect(existsSync(path.join(target, '.gen2to3-convert.lock'))).toBe(false);
  });

  it('removes the partial files of a creation that was killed (marker present) and creates the repository', async () => {
    const demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'gen2'), visits: 2, detectors: 2, width: 16, height: 16 });
    const target = path.join(tmpDir(), 'gen3');
    mkdirSync(target);
    writeFileSync(path.join(target, '.gen2to3-convert-creating'), '12345\n');
    writeFileSync(path.join(target, 'gen3.sqlite3'), 'half-written');
    writeFileSync(path.join(target, '.gen3.sqlite3.0a1b2c3d.tmp'), '');
    writeFileSync(path.join(target, '.gen3.sqlite3.0a1b2c3d.tmp-journal'), '');
    // killed while the temporary registry was open in WAL mode
    writeFileSync(path.join(target, '.gen3.sqlite3.0a1b2c3d.tmp-wal'), '');
    writeFileSync(path.join(target, '.gen3.sqlite3.0a1b2c3d.tmp-shm'), '');
    writeFileSync(path.join(target, 'gen3.sqlite3-wal'), '');
    const result = await convertRepository({ gen2Root: demo.root, gen3Repo: target, converters: CONVERTERS, policyPath: [demoPolicyDir()] });
    expect(result.created).toBe(true);
    expect(result.report!.datasets.inserted).toBe(result.plan.datasets.length);
    const left = readdirSync(target).filter((f) => f.startsWith('.') || f.startsWith('gen3.sqlite3-'));
    expect(left).toEqual([]);
  });

  it('a refused conversion (unreachable database) leaves no directory and no marker behind', async () => {
    const demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'gen2'), visits: 2, detectors: 2, width: 16, height: 16 });
    const parent = path.join(tmpDir(), 'made');
    const err = await convertRepository({ gen2Root: demo.root, gen3Repo: path.join(parent, 'gen3'), converters: CONVERTERS, policyPath: [demoPolicyDir()], db: 'postgresql://nobody@127.0.0.1:1/none' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Gen2to3Error);
    expect((err as Gen2to3Error).code).toBe('GEN3_DATABASE_CONNECTION');
    expect(existsSync(parent)).toBe(false);
    // an existing directory is left as it was
    const existing = path.join(tmpDir(), 'existing');
    mkdirSync(existing);
    await convertRepository({ gen2Root: demo.root, gen3Repo: existing, converters: CONVERTERS, policyPath: [demoPolicyDir()], db: 'postgresql://nobody@127.0.0.1:1/none' }).catch(() => undefined);
    expect(readdirSync(existing)).toEqual([]);
  });

  it('a creation killed after it finished (marker and butler.yaml present) is resumed, not recreated, and the marker goes', async () => {
    const demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'gen2'), visits: 2, detectors: 2, width: 16, height: 16 });
    const target = path.join(tmpDir(), 'gen3');
    await createRepository(target);
    writeFileSync(path.join(target, '.gen2to3-convert-creating'), '12345\n');
    const result = await convertRepository({ gen2Root: demo.root, gen3Repo: target, converters: CONVERTERS, policyPath: [demoPolicyDir()] });
    expect(result.created).toBe(false);
    expect(result.report!.datasets.inserted).toBe(result.plan.datasets.length);
    expect(readdirSync(target).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describePostgres('convertRepository on PostgreSQL: a creation killed inside its transaction', () => {
  const db = freshDatabase('convert_creating');

  it('butler.yaml naming a registry that was never committed is replaced by a new repository in the same database', async () => {
    const demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'gen2'), visits: 2, detectors: 2, width: 16, height: 16 });
    const target = path.join(tmpDir(), 'gen3');
    mkdirSync(target);
    // what a kill between writing butler.yaml and the commit leaves: the marker and butler.yaml, no tables
    writeFileSync(path.join(target, '.gen2to3-convert-creating'), '12345\n');
    writeFileSync(path.join(target, 'butler.yaml'), butlerYaml(db.url));
    expect(await registryCommitted(target)).toBe(false);
    // resumed without --db: the database butler.yaml named is the one created
    const result = await convertRepository({ gen2Root: demo.root, gen3Repo: target, converters: CONVERTERS, policyPath: [demoPolicyDir()] });
    expect(result.created).toBe(true);
    expect(result.report!.datasets.inserted).toBe(result.plan.datasets.length);
    expect(await registryCommitted(target)).toBe(true);
    expect(readdirSync(target).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readFileSync(path.join(target, 'butler.yaml'), 'utf8')).toBe(butlerYaml(db.url));
  });
});
