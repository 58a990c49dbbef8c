import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFitsFileSync } from '../../src/fits/fits-file.js';
import { FileAccessError } from '../../src/errors.js';
import { writeFileAtomicSync } from '../../src/fs/write-file-atomic-sync.js';
import type { DatasetContent } from './neutral-butler.js';

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
  const bytes = Buffer.from(content.text, 'utf8');
  writeFileAtomicSync(file, bytes);
  return bytes.length;
}
