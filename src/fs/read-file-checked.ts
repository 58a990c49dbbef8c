import { readFileSync } from 'node:fs';
import { FileAccessError } from '../errors.js';

/**
 * The whole of `file`, read synchronously (for files small enough that a read on the thread pool costs
 * more than the read itself).
 * @throws FileAccessError (`cannot read: …`) when the file cannot be read.
 */
export function readFileChecked(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new FileAccessError(file, `cannot read: ${(err as Error).message}`, { cause: err });
  }
}
