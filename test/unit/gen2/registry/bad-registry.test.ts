import { copyFileSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Gen2RegistryError } from '../../../../src/gen2/errors.js';
import { Gen2Registry } from '../../../../src/gen2/registry/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

function openError(file: string): Gen2RegistryError {
  try {
    Gen2Registry.open(file).close();
  } catch (err) {
    expect(err).toBeInstanceOf(Gen2RegistryError);
    const e = err as Gen2RegistryError;
    expect(e.code).toBe('GEN2_REGISTRY');
    expect(e.exitCode).toBe(2);
    expect(e.path).toBe(file);
    return e;
  }
  throw new Error(`expected ${file} to be rejected`);
}

describe('bad registry files', () => {
  const dir = tmpDir('gen2to3-bad-registry-');

  it('garbage bytes', () => {
    const file = path.join(dir, 'garbage.sqlite3');
    const bytes = Buffer.alloc(3000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
    writeFileSync(file, bytes);
    expect(openError(file).message).toBe(`${file}: not a SQLite database (no "SQLite format 3" header)`);
  });

  it('a text file named registry.sqlite3 (e.g. a Git-LFS pointer)', () => {
    const file = path.join(dir, 'registry.sqlite3');
    writeFileSync(file, 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 24576\n');
    expect(openError(file).message).toBe(`${file}: not a SQLite database (no "SQLite format 3" header)`);
  });

  it('an empty file, a missing file, a directory, a .pgsql registry', () => {
    const empty = path.join(dir, 'empty.sqlite3');
    writeFileSync(empty, '');
    expect(openError(empty).message).toBe(`${empty}: empty file (0 bytes), not a SQLite database`);
    const missing = path.join(dir, 'missing.sqlite3');
    expect(openError(missing).message).toBe(`${missing}: registry file does not exist`);
    const sub = path.join(dir, 'adir.sqlite3');
    mkdirSync(sub);
    expect(openError(sub).message).toBe(`${sub}: not a regular file`);
    const pg = path.join(dir, 'registry.pgsql');
    writeFileSync(pg, 'host: db\nport: 5432\ndatabase: gen2\n');
    expect(openError(pg).message).toBe(`${pg}: PostgreSQL registries (*.pgsql) are not supported; only SQLite registries`);
  });
});

describeFixtures('damaged copies of real registries', () => {
  const dir = tmpDir('gen2to3-bad-registry-');
  const source = fixture('testdata_ci_hsc/CALIB/calibRegistry.sqlite3');
  const original = readFileSync(source);

  it('a truncated copy is rejected at open, naming the file and the sizes', () => {
    const file = path.join(dir, 'truncated.sqlite3');
    writeFileSync(file, original.subarray(0, 8192));
    expect(openError(file).message).toBe(`${file}: truncated SQLite database: the header declares 121 pages of 1024 bytes (123904 bytes) but the file has 8192 bytes`);
  });

  it('a copy cut inside the header', () => {
    const file = path.join(dir, 'header-only.sqlite3');
    writeFileSync(file, original.subarray(0, 50));
    expect(openError(file).message).toBe(`${file}: truncated SQLite database: 50 bytes, shorter than the 100-byte header`);
  });

  it('a copy with an invalid page size in its header', () => {
    const file = path.join(dir, 'pagesize.sqlite3');
    const bytes = Buffer.from(original);
    bytes.writeUInt16BE(1000, 16);
    writeFileSync(file, bytes);
    expect(openError(file).message).toBe(`${file}: corrupt SQLite header: invalid page size 1000`);
  });

  it('a full-size copy whose table pages are overwritten: the error names the file when the data is read', () => {
    const file = path.join(dir, 'scrambled.sqlite3');
    copyFileSync(source, file);
    const fd = openSync(file, 'r+');
    try {
      // keep page 1 (header + schema), overwrite everything after it
      const junk = Buffer.alloc(original.length - 1024, 0xa5);
      writeSync(fd, junk, 0, junk.length, 1024);
    } finally {
      closeSync(fd);
    }
    let err: unknown;
    try {
      const reg = Gen2Registry.open(file);
      try {
        reg.tables();
      } finally {
        reg.close();
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Gen2RegistryError);
    expect((err as Gen2RegistryError).path).toBe(file);
    expect((err as Gen2RegistryError).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*corrupt or truncated SQLite database \\(database disk image is malformed\\)`));
  });

  it('check() runs quick_check over a sound registry', () => {
    const reg = Gen2Registry.open(source);
    expect(() => reg.check()).not.toThrow();
    reg.close();
  });

  it('opening read-only leaves the fixture untouched', () => {
    const reg = Gen2Registry.open(source);
    reg.tables();
    reg.close();
    expect(readFileSync(source).equals(original)).toBe(true);
  });
});
