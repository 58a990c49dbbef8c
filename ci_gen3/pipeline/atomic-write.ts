import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFitsFile } from '../../src/fits/fits-file.js';
import { FileAccessError } from '../../src/errors.js';
import type { DatasetContent } from './neutral-butler.js';

let counter = 0;

/**
 * Writes a dataset file atomically: FITS through src/fits (temporary file then rename), text to a
 * unique temporary sibling then rename. Parent directories are created. Returns the file's size in bytes.
 * @throws FileAccessError when the file cannot be written.
 */
export async function writeDatasetFile(file: string, content: DatasetContent): Promise<number> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (err) {
    throw new FileAccessError(path.dirname(file), `cannot create directory: ${(err as Error).message}`, { cause: err });
  }
  if (content.format === 'fits') return writeFitsFile(file, content.hdus);
  const tmp = `${file}.tmp-${process.pid}-${++counter}`;
  const bytes = Buffer.from(content.text, 'utf8');
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
    return bytes.length;
  } catch (err) {
    await rm(tmp, { force: true });
    throw new FileAccessError(file, `cannot write: ${(err as Error).message}`, { cause: err });
  }
}
