// createRepository on PostgreSQL: atomicity and typed errors for bad input.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DatabaseConnectionError, DatabaseUrlError, RepositoryExistsError } from '../../../src/gen3/errors.js';
import { DIMENSION_CONFIG_V8, DimensionUniverse } from '../../../src/gen3/dimensions/index.js';
import { createRepository, openRepository } from '../../../src/gen3/repo/index.js';
import { describePostgres, freshDatabase, withPgClient } from '../../helpers/postgres.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

async function tableCount(url: string): Promise<number> {
  return withPgClient(url, async (c) => Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'")).rows[0]?.n));
}

describePostgres('createRepository on PostgreSQL', () => {
  const dir = tmpDir('gen2to3-create-pg-');
  const db = freshDatabase('create_pg');
  const noGist = freshDatabase('create_pg_nogist');
  const failing = freshDatabase('create_pg_fail');

  it('creates 48 tables and butler.yaml carrying the URL verbatim', async () => {
    const repo = path.join(dir, 'a');
    const created = await createRepository(repo, { db: db.url });
    expect(created.tables).toHaveLength(48);
    expect(await tableCount(db.url)).toBe(48);
    const opened = await openRepository(repo);
    expect(opened.db.dialect).toBe('postgresql');
    await opened.close();
  });

  it('refuses a database that already holds a registry, leaving it and the directory untouched', async () => {
    const repo = path.join(dir, 'b');
    const err = await createRepository(repo, { db: db.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RepositoryExistsError);
    expect(existsSync(repo)).toBe(false);
    expect(await tableCount(db.url)).toBe(48);
  });

  it('raises DatabaseConnectionError for an unreachable server or a missing database', async () => {
    await expect(createRepository(path.join(dir, 'c'), { db: 'postgresql://nobody:pw@127.0.0.1:1/none' })).rejects.toBeInstanceOf(DatabaseConnectionError);
    const missing = new URL(db.url);
    missing.pathname = '/does_not_exist_db';
    const err = await createRepository(path.join(dir, 'c'), { db: missing.toString() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseConnectionError);
    expect((err as Error).message).not.toContain(missing.password);
    expect(existsSync(path.join(dir, 'c'))).toBe(false);
  });

  it('raises DatabaseUrlError for a malformed URL', async () => {
    await expect(createRepository(path.join(dir, 'd'), { db: 'postgresql://host-only' })).rejects.toBeInstanceOf(DatabaseUrlError);
  });

  it('requires btree_gist, as daf_butler does, and creates nothing without it', async () => {
    await withPgClient(noGist.url, (c) => c.query('DROP EXTENSION btree_gist'));
    const err = await createRepository(path.join(dir, 'e'), { db: noGist.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseConnectionError);
    expect((err as Error).message).toMatch(/btree_gist/);
    expect(await tableCount(noGist.url)).toBe(0);
  });

  it('is atomic: a failure half-way leaves no table, sequence or directory', async () => {
    const clash = new DimensionUniverse({ ...DIMENSION_CONFIG_V8, elements: { ...DIMENSION_CONFIG_V8.elements, dataset: { keys: [{ name: 'id', type: 'int' }] } } });
    const repo = path.join(dir, 'f');
    await expect(createRepository(repo, { db: failing.url, universe: clash })).rejects.toThrow(/statement failed/);
    expect(await tableCount(failing.url)).toBe(0);
    const sequences = await withPgClient(failing.url, async (c) => (await c.query("SELECT relname FROM pg_class WHERE relkind = 'S'")).rows);
    expect(sequences).toEqual([]);
    expect(existsSync(repo)).toBe(false);
  });
});
