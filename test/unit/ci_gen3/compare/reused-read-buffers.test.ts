import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReusedReadBuffers } from '../../../../ci_gen3/compare/reused-read-buffers.js';
import { FileAccessError } from '../../../../src/errors.js';
import { prng } from '../../../helpers/prng.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('ReusedReadBuffers', () => {
  const dir = tmpDir();
  const file = (name: string, size: number, seed: number): { path: string; bytes: Buffer } => {
    const random = prng(seed);
    const bytes = Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256)));
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return { path: p, bytes };
  };

  it('reads whole files of any size, reusing the buffer of a slot', () => {
    const buffers = new ReusedReadBuffers();
    const small = file('small', 2880, 1);
    const empty = file('empty', 0, 2);
    const big = file('big', 3 * 1024 * 1024 + 5, 3);
    const first = buffers.read(0, small.path);
    expect(first.equals(small.bytes)).toBe(true);
    expect(buffers.read(0, empty.path)).toHaveLength(0);
    const again = buffers.read(0, small.path);
    expect(again.buffer).toBe(first.buffer);
    expect(buffers.read(1, big.path).equals(big.bytes)).toBe(true);
    expect(buffers.read(0, small.path).equals(small.bytes)).toBe(true);
    expect(buffers.read(1, small.path).equals(small.bytes)).toBe(true);
  });

  it('reads to the end of files whose size says nothing (proc files)', () => {
    const buffers = new ReusedReadBuffers();
    expect(buffers.read(0, '/proc/self/mounts').toString()).toBe(readFileSync('/proc/self/mounts', 'utf8'));
  });

  it('reports missing files and directories as FileAccessError naming them', () => {
    const buffers = new ReusedReadBuffers();
    const missing = path.join(dir, 'missing.fits');
    expect(() => buffers.read(0, missing)).toThrow(FileAccessError);
    expect(() => buffers.read(0, missing)).toThrow(/missing\.fits.*ENOENT/);
    const sub = path.join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    expect(() => buffers.read(0, sub)).toThrow(/EISDIR/);
  });
});
