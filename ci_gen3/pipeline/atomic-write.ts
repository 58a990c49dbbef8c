import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFitsFile } from '../../src/fits/fits-file.js';
import { FileAccessError } from '../../src/errors.js';
import type { DatasetContent } from './neutral-butler.js';

let counter = 0;

/**
 * Writes a dataset file atomically: FITS through src/fits (temporary file then rename), text to a
 * unique temporary sibling then rename. Parent directories are created.
 * @throws FileAccessError when the file cannot be written.
 */
export async function writeDatasetFile(file: string, content: DatasetContent): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (err) {
    throw new FileAccessError(path.dirname(file), `cannot create directory: ${(err as Error).message}`, { cause: err });
  }
  if (content.format === 'fits') {
    await writeFitsFile(file, content.hdus);
    return;
  }
  const tmp = `${file}.tmp-${process.pid}-${++counter}`;
  try {
    await writeFile(tmp, content.text);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new FileAccessError(file, `cannot write: ${(err as Error).message}`, { cause: err });
  }
}
