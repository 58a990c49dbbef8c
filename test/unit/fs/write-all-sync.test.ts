import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAllSync } from '../../../src/fs/write-all-sync.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

describe('writeAllSync', () => {
  it('writes every byte, after what the descriptor already wrote', () => {
    const file = path.join(tmpDir(), 'out.bin');
    const big = Buffer.alloc(5 * 1024 * 1024 + 3, 7);
    const fd = openSync(file, 'w');
    try {
      writeAllSync(fd, Buffer.from('head'));
      writeAllSync(fd, big);
      writeAllSync(fd, new Uint8Array(0));
    } finally {
      closeSync(fd);
    }
    const written = readFileSync(file);
    expect(written.length).toBe(4 + big.length);
    expect(written.subarray(0, 4).toString()).toBe('head');
    expect(written.subarray(4).equals(big)).toBe(true);
  });
});
