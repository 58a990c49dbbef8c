import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAccessError } from '../../../src/errors.js';
import { writeFileAtomicSync } from '../../../src/fs/write-file-atomic-sync.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

describe('writeFileAtomicSync', () => {
  const dir = tmpDir();

  it('writes the bytes and leaves no temporary file', () => {
    const sub = path.join(dir, 'ok');
    mkdirSync(sub);
    const file = path.join(sub, 'a.bin');
    writeFileAtomicSync(file, Buffer.from('first'));
    writeFileAtomicSync(file, Buffer.from('second'));
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(sub)).toEqual(['a.bin']);
  });

  it('keeps the existing file and removes the temporary one when the rename fails', () => {
    const sub = path.join(dir, 'fail');
    mkdirSync(sub);
    // A directory at the target makes the rename fail after the temporary file was written.
    const target = path.join(sub, 'target');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside'), 'kept');
    expect(() => writeFileAtomicSync(target, Buffer.from('new'), 'FITS file')).toThrow(FileAccessError);
    expect(() => writeFileAtomicSync(target, Buffer.from('new'), 'FITS file')).toThrow(/cannot write FITS file: /);
    expect(() => writeFileAtomicSync(target, Buffer.from('new'))).toThrow(/cannot write: /);
    expect(readdirSync(sub)).toEqual(['target']);
    expect(readFileSync(path.join(target, 'inside'), 'utf8')).toBe('kept');
  });
});
