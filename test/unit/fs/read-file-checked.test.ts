import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAccessError } from '../../../src/errors.js';
import { readFileChecked } from '../../../src/fs/read-file-checked.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

describe('readFileChecked', () => {
  const dir = tmpDir();

  it('returns the whole file', () => {
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, 'héllo\n');
    expect(readFileChecked(file).toString('utf8')).toBe('héllo\n');
  });

  it('names the file when it cannot be read', () => {
    const file = path.join(dir, 'missing.txt');
    const err = (() => {
      try {
        readFileChecked(file);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(FileAccessError);
    expect((err as FileAccessError).message).toContain('cannot read: ENOENT');
    expect((err as FileAccessError).message).toContain(file);
  });
});
