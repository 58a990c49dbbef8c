import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseUrlError, IncompatibleRepositoryError, RepositoryExistsError, RepositoryNotFoundError } from '../../../../src/gen3/errors.js';
import { DIMENSION_CONFIG_V8, DimensionUniverse } from '../../../../src/gen3/dimensions/index.js';
import { butlerYaml, createRepository, MANAGERS, openRepository, repositoryAttributes } from '../../../../src/gen3/repo/index.js';
import { defaultUniverse } from '../../../../src/gen3/dimensions/index.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const tmp = tmpDir('gen2to3-create-repo-');

function attributes(repo: string): Record<string, string> {
  const db = new Database(path.join(repo, 'gen3.sqlite3'), { readonly: true });
  try {
    return Object.fromEntries((db.prepare('SELECT name, value FROM butler_attributes').all() as { name: string; value: string }[]).map((r) => [r.name, r.value]));
  } finally {
    db.close();
  }
}

describe('createRepository (SQLite)', () => {
  it('writes butler.yaml and gen3.sqlite3 with 48 tables and 13 attributes', async () => {
    const root = path.join(tmp, 'a');
    const created = await createRepository(root);
    expect(created.tables).toHaveLength(48);
    expect(readdirSync(root).sort()).toEqual(['butler.yaml', 'gen3.sqlite3']);
    const yaml = readFileSync(path.join(root, 'butler.yaml'), 'utf8');
    expect(yaml).toBe(butlerYaml('sqlite:///<butlerRoot>/gen3.sqlite3'));
    expect(Buffer.byteLength(yaml)).toBe(756);
    const attrs = attributes(root);
    expect(Object.keys(attrs)).toHaveLength(13);
    expect(attrs['version:lsst.daf.butler.registry.datasets.byDimensions._manager.ByDimensionsDatasetRecordStorageManagerUUID']).toBe('2.0.0');
    expect(attrs['config:dimensions.json']).toBe(defaultUniverse().serialize());
  });

  it('refuses an existing repository and changes nothing', async () => {
    const root = path.join(tmp, 'b');
    await createRepository(root);
    const before = readdirSync(root).map((f) => [f, statSync(path.join(root, f)).mtimeMs, readFileSync(path.join(root, f)).length]);
    const err = await createRepository(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RepositoryExistsError);
    expect((err as RepositoryExistsError).code).toBe('GEN3_REPOSITORY_EXISTS');
    expect(readdirSync(root).map((f) => [f, statSync(path.join(root, f)).mtimeMs, readFileSync(path.join(root, f)).length])).toEqual(before);
  });

  it('leaves nothing behind when creation fails', async () => {
    const clash = new DimensionUniverse({ ...DIMENSION_CONFIG_V8, elements: { ...DIMENSION_CONFIG_V8.elements, dataset: { keys: [{ name: 'id', type: 'int' }] } } });
    const root = path.join(tmp, 'c');
    await expect(createRepository(root, { universe: clash })).rejects.toThrow(/statement failed/);
    expect(existsSync(root)).toBe(false);
    const existing = path.join(tmp, 'c2');
    await createRepository(path.join(existing, 'inner'));
    await expect(createRepository(existing, { universe: clash })).rejects.toThrow();
    expect(readdirSync(existing)).toEqual(['inner']);
  });

  it('rejects non-PostgreSQL URLs', async () => {
    await expect(createRepository(path.join(tmp, 'd'), { db: 'mysql://h/db' })).rejects.toBeInstanceOf(DatabaseUrlError);
    await expect(createRepository(path.join(tmp, 'd'), { db: 'postgresql://' })).rejects.toBeInstanceOf(DatabaseUrlError);
    expect(existsSync(path.join(tmp, 'd'))).toBe(false);
  });

  it('can create file_datastore_records up front', async () => {
    const root = path.join(tmp, 'e');
    const created = await createRepository(root, { createDatastoreRecords: true });
    expect(created.tables).toContain('file_datastore_records');
    const db = new Database(path.join(root, 'gen3.sqlite3'), { readonly: true });
    expect(db.prepare('SELECT table_name FROM opaque_meta').all()).toEqual([{ table_name: 'file_datastore_records' }]);
    db.close();
  });
});

describe('openRepository', () => {
  it('opens a repository we created', async () => {
    const root = path.join(tmp, 'o1');
    await createRepository(root);
    const repo = await openRepository(root);
    expect(repo.universe.version).toBe(8);
    expect(await repo.db.listTables()).toHaveLength(48);
    await repo.close();
  });

  it('raises IncompatibleRepositoryError for another manager version or class', async () => {
    const root = path.join(tmp, 'o2');
    await createRepository(root);
    const db = new Database(path.join(root, 'gen3.sqlite3'));
    const collections = MANAGERS.find((m) => m.role === 'collections')!;
    db.prepare('UPDATE butler_attributes SET value = ? WHERE name = ?').run('3.0.0', `version:${collections.attributeClass}`);
    db.prepare('UPDATE butler_attributes SET value = ? WHERE name = ?').run('lsst.daf.butler.registry.opaque.Other', 'config:registry.managers.opaque');
    db.close();
    const err = await openRepository(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompatibleRepositoryError);
    expect((err as IncompatibleRepositoryError).problems).toEqual([
      'collections manager version 3.0.0 (supported: 2.0.0)',
      'opaque manager is lsst.daf.butler.registry.opaque.Other (supported: lsst.daf.butler.registry.opaque.ByNameOpaqueTableStorageManager)',
    ]);
  });

  it('raises RepositoryNotFoundError without butler.yaml', async () => {
    await expect(openRepository(path.join(tmp, 'none'))).rejects.toBeInstanceOf(RepositoryNotFoundError);
  });

  it('rejects another dimension universe', async () => {
    const root = path.join(tmp, 'o3');
    await createRepository(root);
    const db = new Database(path.join(root, 'gen3.sqlite3'));
    db.prepare("UPDATE butler_attributes SET value = ? WHERE name = 'config:dimensions.json'").run('{"version": 7, "namespace": "daf_butler"}');
    db.close();
    await expect(openRepository(root)).rejects.toThrow(/dimension universe daf_butler v7/);
  });

  it('attributes rows are the 13 of butler create', () => {
    const rows = repositoryAttributes(defaultUniverse());
    expect(rows.map((r) => r.name)).toHaveLength(13);
  });
});
