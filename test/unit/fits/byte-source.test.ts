import { closeSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SyncFileByteSource } from '../../../src/fits/byte-source.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

describe('SyncFileByteSource', () => {
  const file = path.join(tmpDir('gen2to3-bytes-'), 'bytes.bin');
  const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
  writeFileSync(file, bytes);
  const fd = openSync(file, 'r');
  afterAll(() => closeSync(fd));

  it('reads in order across the bytes it holds, skips, and goes back to the start', () => {
    const source = new SyncFileByteSource(fd, bytes.length, 8);
    expect([...source.read(3)]).toEqual([0, 1, 2]);
    expect([...source.read(10)]).toEqual([...bytes.subarray(3, 13)]);
    expect(source.skip(50)).toBe(50);
    expect([...source.read(4)]).toEqual([63, 64, 65, 66]);
    source.rewind();
    expect([...source.read(2)]).toEqual([0, 1]);
  });

  it('gives fewer bytes only at the end of the file', () => {
    const source = new SyncFileByteSource(fd, bytes.length, 8);
    expect(source.skip(95)).toBe(95);
    expect([...source.read(10)]).toEqual([95, 96, 97, 98, 99]);
    expect(source.read(10).length).toBe(0);
    expect(source.skip(10)).toBe(0);
  });
});
