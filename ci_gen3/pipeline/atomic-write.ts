import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFitsFileSync } from '../../src/fits/fits-file.js';
import { FileAccessError } from '../../src/errors.js';
import type { DatasetContent } from './neutral-butler.js';

let counter = 0;

/**
 * Writes a dataset file atomically: FITS through src/fits (temporary file then rename), text to a
 * unique temporary sibling then rename. Parent directories are created. Returns the file's size in bytes.
 * The writes are synchronous: a dataset file is at most a few megabytes, and a write on the thread pool
 * costs more than the write itself.
 * @throws FileAccessError when the file cannot be written.
 */
export function writeDatasetFile(file: string, content: DatasetContent): number {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw new FileAccessError(path.dirname(file), `cannot create directory: ${(err as Error).message}`, { cause: err });
  }
  if (content.format === 'fits') return writeFitsFileSync(file, content.hdus);
  const tmp = `${file}.tmp-${process.pid}-${++counter}`;
  const bytes = Buffer.from(content.text, 'utf8');
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
    return bytes.length;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new FileAccessError(file, `cannot write: ${(err as Error).message}`, { cause: err });
  }
}
