import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FileAccessError } from '../errors.js';

/**
 * Writes `text` to `file` atomically (a temporary sibling renamed into place), creating the directory.
 * @throws FileAccessError when it cannot be written.
 */
export async function writeTextFile(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new FileAccessError(file, 'cannot write report', { cause: err });
  }
}
