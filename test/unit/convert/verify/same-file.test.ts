import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sameFile } from '../../../../src/convert/verify/same-file.js';
import { tmpDir, writeTree } from '../../../helpers/tmp-dir.js';

describe('sameFile', () => {
  const big = Buffer.alloc(3 * (1 << 20) + 17, 7);
  const bigOther = Buffer.from(big);
  bigOther[(1 << 20) + 5] = 8;
  const root = writeTree(tmpDir(), {
    'a.fits': 'SIMPLE = T',
    'copy.fits': 'SIMPLE = T',
    'other.fits': 'SIMPLE = F',
    'short.fits': 'SIMPLE',
    'link.fits': { symlink: 'a.fits' },
    'big.bin': big,
    'big-copy.bin': Buffer.from(big),
    'big-other.bin': bigOther,
  });
  const at = (name: string) => path.join(root, name);

  it('is the same inode through a symlink, and identical bytes for a copy', async () => {
    expect(await sameFile(at('a.fits'), at('link.fits'))).toEqual({ same: true, how: 'inode' });
    expect(await sameFile(at('a.fits'), at('copy.fits'))).toEqual({ same: true, how: 'bytes' });
    expect(await sameFile(at('big.bin'), at('big-copy.bin'))).toEqual({ same: true, how: 'bytes' });
  });

  it('names the size difference, or the first differing byte (past the first 1 MiB chunk)', async () => {
    expect(await sameFile(at('a.fits'), at('short.fits'))).toEqual({ same: false, reason: 'different files of different sizes (10 and 6 bytes)' });
    expect(await sameFile(at('a.fits'), at('other.fits'))).toEqual({ same: false, reason: 'different bytes from offset 9' });
    expect(await sameFile(at('big.bin'), at('big-other.bin'))).toEqual({ same: false, reason: `different bytes from offset ${(1 << 20) + 5}` });
  });

  it('says which file cannot be read', async () => {
    const missing = at('missing.fits');
    expect(await sameFile(missing, at('a.fits'))).toEqual({ same: false, reason: `cannot read ${missing}: ENOENT: no such file or directory, stat '${missing}'` });
    expect(await sameFile(at('a.fits'), missing)).toEqual({ same: false, reason: `cannot read ${missing}: ENOENT: no such file or directory, stat '${missing}'` });
  });
});
